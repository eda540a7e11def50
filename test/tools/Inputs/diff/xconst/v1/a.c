const int shared_limit = 5;
