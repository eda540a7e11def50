/* The state: counter widened, hist and name grown. */
long counter;
int hist[16];
char name[32] = "v2 initialiser, never seen";
