/*
 * printk for the kernel sources the fuzzers build: format the message (so
 * the sanitizers see every argument read) and throw it away. FUZZ_VERBOSE=1
 * in the environment prints it, for looking at a reproducer.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

int printk(const char *fmt, ...);

int printk(const char *fmt, ...)
{
	static int verbose = -1;
	char line[512];
	va_list ap;
	int n;

	if (verbose < 0)
		verbose = getenv("FUZZ_VERBOSE") != NULL;
	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (verbose)
		fputs(line, stderr);
	return n;
}
