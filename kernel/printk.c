/* printk: format into a line buffer, write it to the platform's console. */
#include <asm/platform.h>
#include <pvkern/printk.h>

const struct platform_ops *platform;

void console_write(const char *s, size_t n)
{
	if (platform && platform->console_write)
		platform->console_write(s, n);
}

int printk(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	console_write(buf, n < (int)sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
	return n;
}
