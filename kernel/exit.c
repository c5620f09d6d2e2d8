/* Ending a run: one line that says how, then the platform's exit. */
#include <asm/platform.h>
#include <pvkern/kernel.h>
#include <pvkern/printk.h>

void run_exit(unsigned int code)
{
	const char *how = code == EXIT_PASS ? "PASS" : code == EXIT_FAIL ? "FAIL" : "CRASH";

	printk("pvkern: run ended: %s (exit code 0x%x)\n", how, code);
	platform->exit(code);
}

void panic(const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	printk("\nPANIC: %s\n", buf);
	run_exit(EXIT_CRASH);
}
