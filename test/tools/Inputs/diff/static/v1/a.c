static int helper(int x) { return x + 100; }
int from_a(int x) { return helper(x); }
