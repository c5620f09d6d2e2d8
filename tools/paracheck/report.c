/* Formatting shared by the tools (see report.h). */
#include <string.h>

#include "report.h"

static void append(char *buf, size_t size, size_t *n, const char *s)
{
	size_t len = strlen(s);

	if (*n + len >= size)
		len = size - 1 - *n;
	memcpy(buf + *n, s, len);
	*n += len;
	buf[*n] = 0;
}

void format_clobbers(const struct pvt_arch *a, unsigned int mask, char *buf, size_t size)
{
	size_t n = 0;
	unsigned int known = 0;

	buf[0] = 0;
	if (mask == 0) {
		append(buf, size, &n, "none");
		return;
	}
	if (mask == a->clbr_any) {
		append(buf, size, &n, "any");
		return;
	}
	for (unsigned int i = 0; i < a->nr_regs; i++) {
		known |= a->regs[i].bit;
		if (mask & a->regs[i].bit) {
			if (n)
				append(buf, size, &n, ",");
			append(buf, size, &n, a->regs[i].name);
		}
	}
	if (mask & ~known) {
		char extra[16];

		snprintf(extra, sizeof(extra), "%s%#x", n ? ",+" : "+", mask & ~known);
		append(buf, size, &n, extra);
	}
}

void format_bytes(const uint8_t *b, size_t len, const char *sep, char *buf, size_t size)
{
	size_t n = 0;

	buf[0] = 0;
	for (size_t i = 0; i < len; i++) {
		char hex[4];

		snprintf(hex, sizeof(hex), "%02x", b[i]);
		if (i)
			append(buf, size, &n, sep);
		append(buf, size, &n, hex);
	}
}

unsigned int clobber_bit(const struct pvt_arch *a, const char *reg)
{
	for (unsigned int i = 0; i < a->nr_regs; i++)
		if (strcmp(a->regs[i].name, reg) == 0)
			return a->regs[i].bit;
	return 0;
}

void json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}
