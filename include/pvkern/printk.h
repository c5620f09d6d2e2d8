/* Formatted output to the console. */
#ifndef PVKERN_PRINTK_H
#define PVKERN_PRINTK_H

#include <stdarg.h>
#include <pvkern/compiler.h>
#include <pvkern/types.h>

/*
 * Conversions: %d %i %u %x %X %p %s %c %%, length modifiers l, ll and z,
 * flags '0' and '-', and a field width.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
int printk(const char *fmt, ...) __printf(1, 2);

/*
 * A parser's one-line account of what is wrong with its input: formatted
 * into the parser's own buffer and returned, so that the parser can end
 * with return format_problem(buf, sizeof(buf), ...).
 */
static inline const char *format_problem(char *buf, size_t size, const char *fmt, ...)
	__printf(3, 4);
static inline const char *format_problem(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return buf;
}

/*
 * The same for a parser that goes on after damage and reports the first
 * it found: a later problem leaves buf as it is (an empty buf has none).
 */
static inline const char *format_first_problem(char *buf, size_t size, const char *fmt, ...)
	__printf(3, 4);
static inline const char *format_first_problem(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	if (buf[0])
		return buf;
	va_start(ap, fmt);
	vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return buf;
}

/* Write raw bytes to the console the platform provides. */
void console_write(const char *s, size_t n);

#endif
