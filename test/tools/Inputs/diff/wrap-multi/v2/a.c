#include <dsu.h>
struct node { int key; int val; };
int b_get(int i);
static struct node nodes[2];
int a_get(int i) { return nodes[i].val; }
int main(void)
{
  dsu_update();
  return a_get(0) + b_get(0);
}
