#include <signal.h>

void poke(void);
volatile sig_atomic_t pokes;

void on_usr1(int sig)
{
  (void)sig;
  pokes++;
  poke();
}
