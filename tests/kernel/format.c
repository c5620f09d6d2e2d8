/* The formatter: conversions, widths and padding at their edge values. */
#include <pvkern/ktest.h>
#include <pvkern/printk.h>

#define KEXPECT_FORMAT(t, expected, ...)                  \
	do {                                                  \
		char __buf[64];                                   \
		snprintf(__buf, sizeof(__buf), __VA_ARGS__);      \
		KEXPECT_STREQ(t, expected, __buf);                \
	} while (0)

/* For inputs the compiler's format checker rightly rejects at compile time. */
static void format_unchecked(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, size, fmt, ap);
	va_end(ap);
}

static void test_signed_edges(struct ktest *t)
{
	KEXPECT_FORMAT(t, "0", "%d", 0);
	KEXPECT_FORMAT(t, "-1", "%d", -1);
	KEXPECT_FORMAT(t, "2147483647", "%d", 2147483647);
	KEXPECT_FORMAT(t, "-2147483648", "%d", (int)(-2147483647 - 1));
	KEXPECT_FORMAT(t, "-9223372036854775808", "%lld", (long long)(-9223372036854775807LL - 1));
	KEXPECT_FORMAT(t, "9223372036854775807", "%lld", 9223372036854775807LL);
}

static void test_unsigned_edges(struct ktest *t)
{
	KEXPECT_FORMAT(t, "4294967295", "%u", 4294967295u);
	KEXPECT_FORMAT(t, "18446744073709551615", "%llu", 18446744073709551615ULL);
	KEXPECT_FORMAT(t, "ffffffffffffffff", "%llx", 18446744073709551615ULL);
	KEXPECT_FORMAT(t, "DEADBEEF", "%X", 0xdeadbeefu);
	KEXPECT_FORMAT(t, "0", "%x", 0u);
	KEXPECT_FORMAT(t, "ffffffff", "%lx", 0xfffffffful);
}

static void test_width_and_padding(struct ktest *t)
{
	KEXPECT_FORMAT(t, "   42", "%5d", 42);
	KEXPECT_FORMAT(t, "42   |", "%-5d|", 42);
	KEXPECT_FORMAT(t, "-0042", "%05d", -42);
	KEXPECT_FORMAT(t, "0000beef", "%08x", 0xbeefu);
	KEXPECT_FORMAT(t, "000000000000002a", "%016llx", 42ULL);
	KEXPECT_FORMAT(t, "123456", "%3d", 123456);
	KEXPECT_FORMAT(t, "  ab|ab  |", "%4s|%-4s|", "ab", "ab");
}

static void test_strings_chars_pointers(struct ktest *t)
{
	char buf[16];

	format_unchecked(buf, sizeof(buf), "%s", (const char *)NULL);
	KEXPECT_STREQ(t, "(null)", buf);
	format_unchecked(buf, sizeof(buf), "%q|");
	KEXPECT_STREQ(t, "%q|", buf);
	KEXPECT_FORMAT(t, "x=%", "%c=%%", 'x');
	KEXPECT_FORMAT(t, "0x1234", "%p", (void *)0x1234);
}

static void test_truncation(struct ktest *t)
{
	char buf[4] = "zzz";

	KEXPECT_EQ(t, 6, snprintf(buf, sizeof(buf), "abcdef"));
	KEXPECT_STREQ(t, "abc", buf);
	KEXPECT_EQ(t, 3, snprintf(NULL, 0, "%d", 123));
}

static const struct ktest_case format_cases[] = {
	KTEST_CASE(test_signed_edges),
	KTEST_CASE(test_unsigned_edges),
	KTEST_CASE(test_width_and_padding),
	KTEST_CASE(test_strings_chars_pointers),
	KTEST_CASE(test_truncation),
	{},
};
KTEST_SUITE(format, format_cases, NULL);
