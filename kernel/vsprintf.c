/* The formatter behind printk and snprintf. */
#include <pvkern/math64.h>
#include <pvkern/printk.h>
#include <pvkern/string.h>

struct outbuf {
	char *buf;
	size_t size, len;
};

static void put(struct outbuf *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_number(struct outbuf *o, u64 v, bool negative, u32 base,
		       bool upper, unsigned int width, bool zero, bool left)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	unsigned int n = 0, len;

	do {
		u32 r;

		v = div_u64_rem(v, base, &r);
		tmp[n++] = digits[r];
	} while (v);
	len = n + negative;
	if (negative && zero)
		put(o, '-');
	if (!left)
		for (; width > len; width--)
			put(o, zero ? '0' : ' ');
	if (negative && !zero)
		put(o, '-');
	while (n)
		put(o, tmp[--n]);
	for (; left && width > len; width--)
		put(o, ' ');
}

static void put_string(struct outbuf *o, const char *s, unsigned int width, bool left)
{
	size_t len;

	if (!s)
		s = "(null)";
	len = strlen(s);
	for (; !left && width > len; width--)
		put(o, ' ');
	while (*s)
		put(o, *s++);
	for (; left && width > len; width--)
		put(o, ' ');
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct outbuf o = { .buf = buf, .size = size, .len = 0 };

	for (; *fmt; fmt++) {
		bool zero = false, left = false, is_signed = false;
		unsigned int width = 0, lng = 0;
		u64 v = 0;

		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		fmt++;
		for (;; fmt++) {
			if (*fmt == '0')
				zero = true;
			else if (*fmt == '-')
				left = true;
			else
				break;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		if (*fmt == 'z') {
			lng = sizeof(size_t) == 8 ? 2 : 1;
			fmt++;
		}
		while (*fmt == 'l') {
			lng++;
			fmt++;
		}
		if (left)
			zero = false;
		switch (*fmt) {
		case 'c':
			put(&o, (char)va_arg(ap, int));
			continue;
		case 's':
			put_string(&o, va_arg(ap, const char *), width, left);
			continue;
		case '%':
			put(&o, '%');
			continue;
		case 'p':
			put(&o, '0');
			put(&o, 'x');
			put_number(&o, (unsigned long)va_arg(ap, void *), false, 16,
				   false, width, zero, left);
			continue;
		case 'd':
		case 'i':
			is_signed = true;
			break;
		case 'u':
		case 'x':
		case 'X':
			break;
		case '\0':
			fmt--;
			continue;
		default: /* unknown conversion: print it as it stands */
			put(&o, '%');
			put(&o, *fmt);
			continue;
		}
		if (is_signed) {
			s64 s = lng >= 2 ? va_arg(ap, long long) :
				lng == 1 ? va_arg(ap, long) : va_arg(ap, int);
			bool neg = s < 0;

			v = neg ? -(u64)s : (u64)s;
			put_number(&o, v, neg, 10, false, width, zero, left);
			continue;
		}
		v = lng >= 2 ? va_arg(ap, unsigned long long) :
		    lng == 1 ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int);
		put_number(&o, v, false, *fmt == 'u' ? 10 : 16, *fmt == 'X', width,
			   zero, left);
	}
	if (o.size)
		o.buf[o.len < o.size ? o.len : o.size - 1] = '\0';
	return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
