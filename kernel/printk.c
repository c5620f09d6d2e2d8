/* printk: format into a line buffer, write it to the platform's console. */
#include <asm/platform.h>
#include <pvkern/printk.h>
#include <pvkern/string.h>

const struct platform_ops *platform;

void console_write(const char *s, size_t n)
{
	if (platform && platform->console_write)
		platform->console_write(s, n);
}

#define PRINTK_LINE_MAX 512

/*
 * A message longer than the line buffer is cut, and says so, with its
 * newline kept: the next message must not be glued to it.
 */
int printk(const char *fmt, ...)
{
	char buf[PRINTK_LINE_MAX];
	size_t fmt_len = strlen(fmt);
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < (int)sizeof(buf)) {
		console_write(buf, (size_t)n);
		return n;
	}
	console_write(buf, sizeof(buf) - 1);
	snprintf(buf, sizeof(buf), " [printk: line of %d bytes cut to %u]%s", n,
		 (unsigned int)sizeof(buf) - 1, fmt_len && fmt[fmt_len - 1] == '\n' ? "\n" : "");
	console_write(buf, strlen(buf));
	return n;
}
