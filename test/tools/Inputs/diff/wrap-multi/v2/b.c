struct node { long weight; long extra; };
static struct node nodes[2];
int b_get(int i) { return (int)(nodes[i].weight + nodes[i].extra); }
