static int helper(int x) { return x + 300; }
int from_b(int x) { return helper(x); }
