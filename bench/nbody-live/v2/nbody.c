/*
 * nbody.c (nbody-live, version 2: struct body gains an id) - the n-body benchmark as a long-running
 * program that is updated while it runs.  It reads commands on stdin:
 *
 *   RUN N     advance N steps; print "<energy> <microseconds>"
 *   QUIT      exit
 *
 * and reaches dsu_update() between commands, so bench/run-bench.sh can time
 * the same work before and after a streak of live updates (v1 -> v2 -> v3:
 * struct body gains a field, then the step function changes).  -DDSU_PLAIN
 * builds it without dsu.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifdef DSU_PLAIN
#define dsu_update() 0
#else
#include <dsu.h>
#endif

#define PI 3.141592653589793
#define SOLAR_MASS (4 * PI * PI)
#define DAYS_PER_YEAR 365.24
#define NBODIES 5

typedef struct {
  double x, y, z;
} vec3;

struct body {
  vec3 pos, vel;
  double mass;
  unsigned id; /* new in v2: the order of the bodies in the table */
};

static vec3 v_make(double x, double y, double z)
{
  vec3 r = { x, y, z };
  return r;
}

static vec3 v_add(vec3 a, vec3 b)
{
  return v_make(a.x + b.x, a.y + b.y, a.z + b.z);
}

static vec3 v_sub(vec3 a, vec3 b)
{
  return v_make(a.x - b.x, a.y - b.y, a.z - b.z);
}

static vec3 v_scale(vec3 a, double s)
{
  return v_make(a.x * s, a.y * s, a.z * s);
}

static double v_dot(vec3 a, vec3 b)
{
  return a.x * b.x + a.y * b.y + a.z * b.z;
}

static struct body bodies[NBODIES] = {
  /* sun */
  { { 0, 0, 0 }, { 0, 0, 0 }, SOLAR_MASS , 0 },
  /* jupiter */
  { { 4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01 },
    { 1.66007664274403694e-03 * DAYS_PER_YEAR, 7.69901118419740425e-03 * DAYS_PER_YEAR,
      -6.90460016972063023e-05 * DAYS_PER_YEAR },
    9.54791938424326609e-04 * SOLAR_MASS , 1 },
  /* saturn */
  { { 8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01 },
    { -2.76742510726862411e-03 * DAYS_PER_YEAR, 4.99852801234917238e-03 * DAYS_PER_YEAR,
      2.30417297573763929e-05 * DAYS_PER_YEAR },
    2.85885980666130812e-04 * SOLAR_MASS , 2 },
  /* uranus */
  { { 1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01 },
    { 2.96460137564761618e-03 * DAYS_PER_YEAR, 2.37847173959480950e-03 * DAYS_PER_YEAR,
      -2.96589568540237556e-05 * DAYS_PER_YEAR },
    4.36624404335156298e-05 * SOLAR_MASS , 3 },
  /* neptune */
  { { 1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01 },
    { 2.68067772490389322e-03 * DAYS_PER_YEAR, 1.62824170038242295e-03 * DAYS_PER_YEAR,
      -9.51592254519715870e-05 * DAYS_PER_YEAR },
    5.15138902046611451e-05 * SOLAR_MASS , 4 },
};

/* One time step of @dt: pairwise gravity, then move every body. */
static void advance(struct body *b, int n, double dt)
{
  for (int i = 0; i < n; i++)
    for (int j = i + 1; j < n; j++) {
      vec3 d = v_sub(b[i].pos, b[j].pos);
      double d2 = v_dot(d, d);
      double mag = dt / (d2 * sqrt(d2));
      b[i].vel = v_sub(b[i].vel, v_scale(d, b[j].mass * mag));
      b[j].vel = v_add(b[j].vel, v_scale(d, b[i].mass * mag));
    }
  for (int i = 0; i < n; i++)
    b[i].pos = v_add(b[i].pos, v_scale(b[i].vel, dt));
}

static double energy(const struct body *b, int n)
{
  double e = 0;
  for (int i = 0; i < n; i++) {
    e += 0.5 * b[i].mass * v_dot(b[i].vel, b[i].vel);
    for (int j = i + 1; j < n; j++) {
      vec3 d = v_sub(b[i].pos, b[j].pos);
      e -= b[i].mass * b[j].mass / sqrt(v_dot(d, d));
    }
  }
  return e;
}

/* Give the sun the momentum that makes the system's total zero. */
static void offset_momentum(struct body *b, int n)
{
  vec3 p = v_make(0, 0, 0);
  for (int i = 0; i < n; i++)
    p = v_add(p, v_scale(b[i].vel, b[i].mass));
  b[0].vel = v_scale(p, -1 / SOLAR_MASS);
}

/* Read one line from fd 0 into @line.  Return: 0, or -1 at end of input.
 * A dsu wake-up signal interrupts read() with EINTR: the caller's loop then
 * reaches its update point. */
static int read_command(char *line, size_t size)
{
  size_t n = 0;
  while (n + 1 < size) {
    ssize_t r = read(0, line + n, 1);
    if (r < 0 && errno == EINTR) {
      dsu_update();
      continue;
    }
    if (r <= 0)
      return -1;
    if (line[n] == '\n')
      break;
    n++;
  }
  line[n] = '\0';
  return 0;
}

static long now_us(void)
{
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000000L + t.tv_nsec / 1000;
}

/* Run one command.  Return: 0, or -1 to quit. */
static int serve(const char *line)
{
  long steps;
  if (sscanf(line, "RUN %ld", &steps) == 1 && steps > 0) {
    long t0 = now_us();
    for (long s = 0; s < steps; s++)
      advance(bodies, NBODIES, 0.01);
    long t1 = now_us();
    printf("%.9f %ld\n", energy(bodies, NBODIES), t1 - t0);
  } else if (strcmp(line, "IDS") == 0) {
    for (int i = 0; i < NBODIES; i++)
      printf("%u%c", bodies[i].id, i + 1 < NBODIES ? ' ' : '\n');
  } else if (strcmp(line, "QUIT") == 0) {
    return -1;
  } else {
    printf("ERR unknown command\n");
  }
  fflush(stdout);
  return 0;
}

int main(void)
{
  offset_momentum(bodies, NBODIES);
  char line[128];
  while (read_command(line, sizeof line) == 0) {
    if (serve(line) < 0)
      break;
    dsu_update();
  }
  return 0;
}
