/*
 * printk for the kernel sources the tools run on the host (the patcher
 * logs refused sites through it unless told to be quiet): to stderr.
 */
#include <stdarg.h>
#include <stdio.h>

int printk(const char *fmt, ...);

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfprintf(stderr, fmt, ap);
	va_end(ap);
	return n;
}
