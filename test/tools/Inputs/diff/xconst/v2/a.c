const int shared_limit = 6;
