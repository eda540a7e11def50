/* calc.h - calcd: a line-based calculator service (robust-calc test). */
#ifndef CALC_H
#define CALC_H
#include <stddef.h>

/* Answer one request line into @out.  Return: -1 to close the connection. */
int calc_line(char *line, char *out, size_t outsz);

#endif
