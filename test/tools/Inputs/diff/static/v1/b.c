static int helper(int x) { return x + 200; }
int from_b(int x) { return helper(x); }
