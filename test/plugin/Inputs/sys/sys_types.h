/* Stands for a system header (the test passes -isystem): its layout is
 * fixed from outside, so the plugin must not record it. */
struct sys_thing { int a; long b; };
