/*
 * Hostile input, in the guest: the kernel's parsers on the word size and
 * formatter it really has, and the boot information it was really given,
 * re-read from a deliberately damaged copy. Each damaged copy is reported
 * through the same one-line report the boot uses, marked as a test copy,
 * so that the harness can require the line (tests/matrix.py, hostile-*
 * and the ISO rows). Expectations are the damage this file makes and the
 * original information read here by hand, never the parser's own output.
 */
#include <asm/multiboot.h>
#include <asm/multiboot2.h>
#include <asm/platform.h>
#include <pvkern/cmdline.h>
#include <pvkern/ktest.h>
#include <pvkern/printk.h>
#include <pvkern/string.h>
#include <pvkern/timer.h>

static struct cmdline c;
static char line[4200];

static bool contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (strncmp(hay, needle, n) == 0)
			return true;
	return false;
}

/* The declared range of timer.hz, as the README states it. */
static void test_timer_rate_is_in_its_range(struct ktest *t)
{
	KEXPECT_GE(t, timer_hz(), 19);
	KEXPECT_LE(t, timer_hz(), 10000);
}

static void test_numbers_overflow_on_this_word_size(struct ktest *t)
{
	static const struct boot_param hz = {
		.name = "hz", .type = BP_UINT, .min = 19, .max = 10000, .def = 100,
	};
	static const struct boot_param any = {
		.name = "any", .type = BP_UINT, .min = 0, .max = ~0ul, .def = 7,
	};
	unsigned long n = 0;

	KEXPECT_STREQ(t, "is out of range", boot_param_parse_uint(&hz, "0", &n));
	KEXPECT_STREQ(t, "is out of range", boot_param_parse_uint(&hz, "4294967295", &n));
	KEXPECT_STREQ(t, "is too large", boot_param_parse_uint(&hz, "18446744073709551616", &n));
	KEXPECT_STREQ(t, sizeof(long) == 8 ? "is out of range" : "is too large",
		      boot_param_parse_uint(&hz, "4294967296", &n));
	KEXPECT_TRUE(t, boot_param_parse_uint(&any, sizeof(long) == 8 ? "18446744073709551615" :
									"4294967295", &n) == NULL);
	KEXPECT_EQ(t, n, ~0ul);
	KEXPECT_STREQ(t, "is not a number", boot_param_parse_uint(&hz, "1e3", &n));
}

static void test_long_line_with_tabs_and_quotes(struct ktest *t)
{
	static const struct boot_param hz = {
		.name = "hz", .type = BP_UINT, .min = 19, .max = 10000, .def = 100,
	};
	size_t n;

	memset(line, 'x', 4096);
	memcpy(line, "hz=50\tq=\"a b\"\n", 14);
	line[14 + 600] = ' ';
	memcpy(line + 4096 - 6, " hz=60", 6);
	line[4096] = '\0';
	cmdline_parse(&c, line);
	KEXPECT_EQ(t, c.given_len, 4096);
	n = strlen(c.raw);
	KEXPECT_LE(t, n, CMDLINE_MAX - 1);
	KASSERT_EQ(t, c.nr_words, 3);
	KEXPECT_STREQ(t, "q", c.words[1].name);
	KEXPECT_STREQ(t, "a b", c.words[1].value);
	/* The second hz= was past the cut: the first one holds. */
	KEXPECT_EQ(t, 50, cmdline_uint_of(&c, &hz));
	KEXPECT_EQ(t, 0, strncmp(c.lost, "xxxx", 4));
}

/* ---- multiboot1: a copy of the real block and its memory map, damaged ---- */

static u8 mb1_copy[4096] __aligned(8);

static const char *mb1_skip(void)
{
	return multiboot_magic == MB1_BOOTLOADER_MAGIC ? NULL : "needs a multiboot1 boot";
}

static void test_damaged_multiboot1_copy_is_named(struct ktest *t)
{
	const struct mb1_info *real = (const void *)multiboot_info_addr;
	struct mb1_info *mbi = (void *)mb1_copy;
	struct mb1_mmap_entry *second;
	static struct boot_info b;
	const char *err;

	KASSERT_TRUE(t, real->flags & MB1_INFO_MMAP);
	KASSERT_TRUE(t, real->flags & MB1_INFO_CMDLINE);
	KASSERT_TRUE(t, real->mmap_length >= 2 * sizeof(struct mb1_mmap_entry));
	KASSERT_TRUE(t, real->mmap_length <= sizeof(mb1_copy) - sizeof(*mbi));
	memcpy(mbi, real, sizeof(*mbi));
	memcpy(mbi + 1, (const void *)(unsigned long)real->mmap_addr, real->mmap_length);
	mbi->mmap_addr = (u32)(unsigned long)(mbi + 1);
	/* The second entry claims to be far longer than the map. */
	second = (void *)((u8 *)(mbi + 1) + 4 + ((struct mb1_mmap_entry *)(mbi + 1))->size);
	second->size = 0xffffffff;

	memset(&b, 0, sizeof(b));
	err = mb1_parse_info((u32)(unsigned long)mbi, multiboot_map, &b);
	KASSERT_TRUE(t, err != NULL);
	KEXPECT_TRUE(t, contains(err, "has size 4294967295"));
	multiboot_report("the multiboot1 information (a damaged test copy)", (unsigned long)mbi, err);
	/* What came before the damage is kept. */
	KEXPECT_EQ(t, b.mmap_count, 1);
	KEXPECT_STREQ(t, (const char *)(unsigned long)real->cmdline, b.cmdline);

	/* A map that ends inside an entry. */
	memcpy(mbi + 1, (const void *)(unsigned long)real->mmap_addr, real->mmap_length);
	mbi->mmap_length = real->mmap_length - 3;
	memset(&b, 0, sizeof(b));
	err = mb1_parse_info((u32)(unsigned long)mbi, multiboot_map, &b);
	KASSERT_TRUE(t, err != NULL);
	KEXPECT_TRUE(t, contains(err, "memory map"));
}

/* ---- multiboot2: a copy of GRUB's block, its memory map tag damaged ---- */

static u64 mb2_copy_words[2048];

static const char *mb2_skip(void)
{
	return multiboot_magic == MB2_BOOTLOADER_MAGIC ? NULL : "needs a multiboot2 boot (GRUB)";
}

/* The offset of the first tag of this type, walked here by hand; 0 if none. */
static u32 find_tag(const u8 *block, u32 total, u32 type)
{
	for (u32 off = 8; off + 8 <= total;) {
		const struct mb2_tag *tag = (const void *)(block + off);

		if (tag->type == type)
			return off;
		if (tag->type == MB2_TAG_END || tag->size < 8)
			return 0;
		off += (tag->size + 7) & ~7u;
	}
	return 0;
}

static void test_damaged_multiboot2_copy_is_named(struct ktest *t)
{
	const u8 *real = (const void *)multiboot_info_addr;
	u8 *copy = (u8 *)mb2_copy_words;
	u32 total = *(const u32 *)real, mmap_at, cmdline_at;
	struct mb2_tag_mmap *m;
	static struct boot_info b;
	const char *err;

	KASSERT_TRUE(t, total <= sizeof(mb2_copy_words));
	memcpy(copy, real, total);
	mmap_at = find_tag(copy, total, MB2_TAG_MMAP);
	cmdline_at = find_tag(copy, total, MB2_TAG_CMDLINE);
	KASSERT_TRUE(t, mmap_at != 0);
	m = (void *)(copy + mmap_at);
	/* Near 2^32: a pointer sum wraps on i386 and reads outside the tag. */
	m->entry_size = 0xfffffff8;

	memset(&b, 0, sizeof(b));
	err = mb2_parse_info(copy, total, &b);
	KASSERT_TRUE(t, err != NULL);
	KEXPECT_TRUE(t, contains(err, "entry_size 4294967288"));
	multiboot_report("the multiboot2 information (a damaged test copy)", (unsigned long)copy,
			 err);
	KEXPECT_EQ(t, b.mmap_count, 0);
	/* A command line GRUB put before the map is kept. */
	if (cmdline_at && cmdline_at < mmap_at)
		KEXPECT_STREQ(t, (const char *)(real + cmdline_at + 8), b.cmdline);

	/* Zero-sized entries, and a tag that runs past the block. */
	m->entry_size = 0;
	KEXPECT_TRUE(t, mb2_parse_info(copy, total, &b) != NULL);
	m->entry_size = sizeof(struct mb2_mmap_entry);
	m->tag.size = total;
	KEXPECT_TRUE(t, mb2_parse_info(copy, total, &b) != NULL);
}

static const struct ktest_case hostile_input_cases[] = {
	KTEST_CASE(test_timer_rate_is_in_its_range),
	KTEST_CASE(test_numbers_overflow_on_this_word_size),
	KTEST_CASE(test_long_line_with_tabs_and_quotes),
	{},
};
KTEST_SUITE(hostile_input, hostile_input_cases, NULL);

static const struct ktest_case hostile_multiboot1_cases[] = {
	KTEST_CASE(test_damaged_multiboot1_copy_is_named),
	{},
};
KTEST_SUITE(hostile_multiboot1, hostile_multiboot1_cases, mb1_skip);

static const struct ktest_case hostile_multiboot2_cases[] = {
	KTEST_CASE(test_damaged_multiboot2_copy_is_named),
	{},
};
KTEST_SUITE(hostile_multiboot2, hostile_multiboot2_cases, mb2_skip);
