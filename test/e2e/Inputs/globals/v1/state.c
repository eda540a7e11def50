/* The state: its types change in v2. */
int counter;
int hist[10];
char name[8] = "v1name";
