/*
 * The kernel's command line parser (kernel/cmdline.c), built for the host
 * with ASan and UBSan and run through the kernel's KTAP runner. Lines are
 * written by hand and so are the expected words and log lines: nothing
 * here is taken from the parser's own output.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <pvkern/cmdline.h>
#include <pvkern/ktest.h>
#include <pvkern/printk.h>

/* What the parser logged since the last reset (printk is captured while a test runs). */
static char logged[16384];
static size_t logged_len;
static bool capturing;

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	if (capturing) {
		n = vsnprintf(logged + logged_len, sizeof(logged) - logged_len, fmt, ap);
		if (n > 0)
			logged_len += (size_t)n < sizeof(logged) - logged_len ?
					      (size_t)n : sizeof(logged) - logged_len - 1;
	} else {
		n = vprintf(fmt, ap);
	}
	va_end(ap);
	return n;
}

static const struct boot_param params[] = {
	{ .name = "flag", .type = BP_FLAG },
	{ .name = "str", .type = BP_STRING },
	{ .name = "mode", .type = BP_ENUM, .choices = "asm|c|long-name" },
	{ .name = "hz", .type = BP_UINT, .min = 19, .max = 10000, .def = 100 },
	{ .name = "big", .type = BP_UINT, .min = 0, .max = ~0ul, .def = 7 },
};
#define PARAMS params, params + sizeof(params) / sizeof(params[0])

static struct cmdline c;

/* Parse and check line; the number of problems reported. */
static unsigned int parse(const char *line)
{
	unsigned int problems;

	logged_len = 0;
	logged[0] = '\0';
	capturing = true;
	cmdline_parse(&c, line);
	problems = cmdline_check(&c, PARAMS);
	capturing = false;
	return problems;
}

#define EXPECT_LOGGED(t, text)                                                   \
	do {                                                                     \
		if (!strstr(logged, text))                                       \
			KTEST_FAIL(t, "log lacks \"%s\"; it was:\n%s", text, logged); \
	} while (0)

static const char *value(const char *name)
{
	const struct cmdline_word *w = cmdline_find(&c, name);

	return w ? w->value : "(absent)";
}

static void test_blanks_separate_words(struct ktest *t)
{
	KEXPECT_EQ(t, 0, parse("  flag\tstr=a\n\nhz=50 \r mode=c\t"));
	KASSERT_EQ(t, 4, c.nr_words);
	KEXPECT_STREQ(t, "flag", c.words[0].name);
	KEXPECT_TRUE(t, c.words[0].value == NULL);
	KEXPECT_STREQ(t, "a", value("str"));
	KEXPECT_EQ(t, 50, cmdline_uint_of(&c, &params[3]));
	KEXPECT_STREQ(t, "c", cmdline_enum_of(&c, &params[2]));
}

static void test_first_word_path_is_skipped(struct ktest *t)
{
	KEXPECT_EQ(t, 0, parse("/boot/pvkern.elf flag"));
	KASSERT_EQ(t, 1, c.nr_words);
	KEXPECT_STREQ(t, "flag", c.words[0].name);
	/* An option whose value holds a '/' is an option, first or not. */
	KEXPECT_EQ(t, 0, parse("str=a/b"));
	KEXPECT_STREQ(t, "a/b", value("str"));
	/* Only the first word can be the path. */
	KEXPECT_EQ(t, 1, parse("flag /boot/x"));
	EXPECT_LOGGED(t, "cmdline: unknown option '/boot/x' ignored\n");
}

static void test_last_repeated_option_wins(struct ktest *t)
{
	KEXPECT_EQ(t, 1, parse("hz=50 str=x hz=200"));
	KEXPECT_EQ(t, 200, cmdline_uint_of(&c, &params[3]));
	EXPECT_LOGGED(t, "cmdline: hz given 2 times: the last one (hz=200) wins\n");
	/* A bad value earlier on is overridden, not reported. */
	KEXPECT_EQ(t, 1, parse("hz=0 hz=30"));
	KEXPECT_EQ(t, 30, cmdline_uint_of(&c, &params[3]));
	/* A bad value last wins too, and the default is used. */
	KEXPECT_EQ(t, 2, parse("hz=30 hz=abc"));
	KEXPECT_EQ(t, 100, cmdline_uint_of(&c, &params[3]));
	EXPECT_LOGGED(t, "cmdline: hz=abc is not a number (accepted: 19..10000): using the default 100\n");
}

static void test_double_quotes_group_blanks(struct ktest *t)
{
	KEXPECT_EQ(t, 0, parse("str=\"a b\tc\" flag"));
	KEXPECT_STREQ(t, "a b\tc", value("str"));
	KEXPECT_EQ(t, 2, c.nr_words);
	KEXPECT_EQ(t, 0, parse("\"str=x y\""));
	KEXPECT_STREQ(t, "x y", value("str"));
	KEXPECT_EQ(t, 0, parse("str=\"\""));
	KEXPECT_STREQ(t, "", value("str"));
	KEXPECT_EQ(t, 1, parse("flag str=\"open ended"));
	KEXPECT_STREQ(t, "open ended", value("str"));
	EXPECT_LOGGED(t, "cmdline: a quote in 'str=open ended' is not closed");
}

static void test_empty_and_missing_values(struct ktest *t)
{
	KEXPECT_EQ(t, 1, parse("hz="));
	KEXPECT_EQ(t, 100, cmdline_uint_of(&c, &params[3]));
	EXPECT_LOGGED(t, "cmdline: hz= is empty (accepted: 19..10000): using the default 100\n");
	KEXPECT_EQ(t, 1, parse("hz"));
	EXPECT_LOGGED(t, "cmdline: hz has no value (accepted: 19..10000): using the default 100\n");
	/* An empty string is a value; a bare string option is not. */
	KEXPECT_EQ(t, 0, parse("str="));
	KEXPECT_STREQ(t, "", value("str"));
	KEXPECT_EQ(t, 1, parse("str"));
	EXPECT_LOGGED(t, "cmdline: str needs a value (str=...): ignored\n");
	KEXPECT_EQ(t, 1, parse("mode="));
	KEXPECT_TRUE(t, cmdline_enum_of(&c, &params[2]) == NULL);
	EXPECT_LOGGED(t, "cmdline: mode= is not one of asm|c|long-name: ignored\n");
	KEXPECT_EQ(t, 1, parse("flag="));
	EXPECT_LOGGED(t, "cmdline: flag is a flag and takes no value: 'flag=' ignored\n");
	KEXPECT_EQ(t, 0, parse(""));
	KEXPECT_EQ(t, 0, c.nr_words);
	cmdline_parse(&c, NULL);
	KEXPECT_EQ(t, 0, c.nr_words);
}

static void test_enum_names_exactly(struct ktest *t)
{
	KEXPECT_EQ(t, 0, parse("mode=long-name"));
	KEXPECT_STREQ(t, "long-name", cmdline_enum_of(&c, &params[2]));
	KEXPECT_EQ(t, 1, parse("mode=long"));
	KEXPECT_EQ(t, 1, parse("mode=as"));
	KEXPECT_EQ(t, 1, parse("mode=asm|c"));
	KEXPECT_TRUE(t, cmdline_enum_of(&c, &params[2]) == NULL);
}

/* Each bad number of the issue, named with the accepted range, and the default used. */
static void test_bad_numbers_named_default_used(struct ktest *t)
{
	static const struct {
		const char *line, *log;
	} cases[] = {
		{ "hz=0", "cmdline: hz=0 is out of range (accepted: 19..10000): using the default 100\n" },
		{ "hz=18", "hz=18 is out of range" },
		{ "hz=10001", "hz=10001 is out of range" },
		{ "hz=1000000", "hz=1000000 is out of range" },
		{ "hz=4294967295", "hz=4294967295 is out of range" },
#if __SIZEOF_LONG__ == 8
		{ "hz=4294967296", "hz=4294967296 is out of range" },
		{ "hz=18446744073709551615", "hz=18446744073709551615 is out of range" },
#else
		{ "hz=4294967296", "hz=4294967296 is too large" },
#endif
		{ "hz=18446744073709551616", "hz=18446744073709551616 is too large" },
		{ "hz=99999999999999999999999999999", "is too large" },
		{ "hz=-1", "hz=-1 is not a number" },
		{ "hz=+50", "hz=+50 is not a number" },
		{ "hz=0x40", "hz=0x40 is not a number" },
		{ "hz=50Hz", "hz=50Hz is not a number" },
		{ "hz=5 0", "hz=5 is out of range" },
	};

	for (unsigned int i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		KEXPECT_GE(t, parse(cases[i].line), 1);
		EXPECT_LOGGED(t, cases[i].log);
		EXPECT_LOGGED(t, "(accepted: 19..10000): using the default 100\n");
		KEXPECT_EQ(t, 100, cmdline_uint_of(&c, &params[3]));
	}
}

static void test_numbers_at_the_edges(struct ktest *t)
{
	KEXPECT_EQ(t, 0, parse("hz=19"));
	KEXPECT_EQ(t, 19, cmdline_uint_of(&c, &params[3]));
	KEXPECT_EQ(t, 0, parse("hz=10000"));
	KEXPECT_EQ(t, 10000, cmdline_uint_of(&c, &params[3]));
	KEXPECT_EQ(t, 0, parse("hz=0000050"));
	KEXPECT_EQ(t, 50, cmdline_uint_of(&c, &params[3]));
#if __SIZEOF_LONG__ == 8
	KEXPECT_EQ(t, 0, parse("big=18446744073709551615"));
	KEXPECT_EQ(t, 18446744073709551615ull, cmdline_uint_of(&c, &params[4]));
	KEXPECT_EQ(t, 1, parse("big=18446744073709551616"));
#else
	KEXPECT_EQ(t, 0, parse("big=4294967295"));
	KEXPECT_EQ(t, 4294967295u, cmdline_uint_of(&c, &params[4]));
	KEXPECT_EQ(t, 1, parse("big=4294967296"));
#endif
	KEXPECT_EQ(t, 7, cmdline_uint_of(&c, &params[4]));
}

static void test_unknown_option_named(struct ktest *t)
{
	KEXPECT_EQ(t, 2, parse("flag hz.typo=3 nothing"));
	EXPECT_LOGGED(t, "cmdline: unknown option 'hz.typo' ignored\n");
	EXPECT_LOGGED(t, "cmdline: unknown option 'nothing' ignored\n");
}

static char long_line[100000];

/* A line of `len` bytes: "flag " repeated, then filler words. */
static const char *line_of(size_t len, const char *tail)
{
	size_t tail_len = strlen(tail);

	memset(long_line, 'x', len);
	memcpy(long_line, "str=", 4);
	long_line[len - tail_len - 1] = ' ';
	memcpy(long_line + len - tail_len, tail, tail_len);
	long_line[len] = '\0';
	return long_line;
}

static void test_long_lines_say_what_was_cut(struct ktest *t)
{
	/* 1023 bytes fit. */
	KEXPECT_EQ(t, 0, parse(line_of(CMDLINE_MAX - 1, "hz=50")));
	KEXPECT_EQ(t, 50, cmdline_uint_of(&c, &params[3]));
	KEXPECT_EQ(t, CMDLINE_MAX - 1, strlen(c.raw));
	/* One more, and the last word is lost whole, not read as "hz=5". */
	KEXPECT_EQ(t, 1, parse(line_of(CMDLINE_MAX, "hz=50")));
	KEXPECT_EQ(t, 100, cmdline_uint_of(&c, &params[3]));
	KEXPECT_EQ(t, 1, c.nr_words);
	EXPECT_LOGGED(t, "cmdline: the line is 1024 bytes, the kernel keeps 1023: cut before 'hz=50'\n");
	/* 4 KiB: the options past the cut are named. */
	KEXPECT_EQ(t, 1, parse(line_of(4096, "flag")));
	EXPECT_LOGGED(t, "the line is 4096 bytes, the kernel keeps 1023: cut before 'str=xxxx");
	KEXPECT_EQ(t, 0, c.nr_words);
	/* Longer than the kernel measures. */
	KEXPECT_EQ(t, 1, parse(line_of(sizeof(long_line) - 1, "flag")));
	EXPECT_LOGGED(t, "the line is at least 65536 bytes, the kernel keeps 1023");
	/* One word longer than the buffer: nothing is kept. */
	memset(long_line, 'y', 2000);
	long_line[2000] = '\0';
	KEXPECT_EQ(t, 1, parse(long_line));
	KEXPECT_EQ(t, 0, c.nr_words);
}

static void test_words_past_the_limit_named(struct ktest *t)
{
	char line[CMDLINE_WORDS * 8 + 32] = "";

	for (unsigned int i = 0; i < CMDLINE_WORDS; i++)
		strcat(line, "flag ");
	KEXPECT_EQ(t, 1, parse(line)); /* given 32 times */
	KEXPECT_EQ(t, CMDLINE_WORDS, c.nr_words);
	strcat(line, "hz=50 str=a");
	KEXPECT_EQ(t, 2, parse(line));
	KEXPECT_EQ(t, CMDLINE_WORDS, c.nr_words);
	EXPECT_LOGGED(t, "cmdline: more than 32 words: ignoring 'hz=50' and 1 more\n");
	KEXPECT_EQ(t, 100, cmdline_uint_of(&c, &params[3]));
}

static const struct ktest_case cmdline_cases[] = {
	KTEST_CASE(test_blanks_separate_words),
	KTEST_CASE(test_first_word_path_is_skipped),
	KTEST_CASE(test_last_repeated_option_wins),
	KTEST_CASE(test_double_quotes_group_blanks),
	KTEST_CASE(test_empty_and_missing_values),
	KTEST_CASE(test_enum_names_exactly),
	KTEST_CASE(test_bad_numbers_named_default_used),
	KTEST_CASE(test_numbers_at_the_edges),
	KTEST_CASE(test_unknown_option_named),
	KTEST_CASE(test_long_lines_say_what_was_cut),
	KTEST_CASE(test_words_past_the_limit_named),
	{},
};
KTEST_SUITE(cmdline, cmdline_cases, NULL);

int main(void)
{
	return ktest_run_all() ? 1 : 0;
}
