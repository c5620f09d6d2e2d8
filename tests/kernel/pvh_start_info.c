/*
 * The PVH start_info parser (arch/x86/platform/xen_pvh/start_info.c) on
 * hand-made structures in a scratch "physical memory": a good version 1
 * block is read whole, a version 0 one has no map, and each kind of
 * damage is named while what came before it is kept. Runs on every boot
 * path (the parser is plain code), so Xen is not needed for the refusals.
 */
#include <asm/platform.h>
#include <pvkern/ktest.h>
#include <pvkern/string.h>
#include <xen-guest/pvh.h>

/* Scratch memory at a made-up physical address; nothing else is readable. */
#define SCRATCH_BASE 0x40000ull
#define INFO_OFF 0
#define MAP_OFF 256
#define CMDLINE_OFF 1024
static u64 scratch_words[256];

static u8 *scratch(void)
{
	return (u8 *)scratch_words;
}

static const void *scratch_map(u64 addr, u64 len)
{
	if (addr < SCRATCH_BASE || addr - SCRATCH_BASE > sizeof(scratch_words) ||
	    len > sizeof(scratch_words) - (addr - SCRATCH_BASE))
		return NULL;
	return scratch() + (addr - SCRATCH_BASE);
}

static struct hvm_start_info *info(void)
{
	return (void *)(scratch() + INFO_OFF);
}

static struct hvm_memmap_table_entry *map_entries(void)
{
	return (void *)(scratch() + MAP_OFF);
}

/* A good version 1 block: three map entries and a command line. */
static void make_good(void)
{
	static const char line[] = "pv.nopatch timer.hz=50";

	memset(scratch_words, 0, sizeof(scratch_words));
	info()->magic = XEN_HVM_START_MAGIC_VALUE;
	info()->version = 1;
	info()->flags = SIF_INITDOMAIN;
	info()->cmdline_paddr = SCRATCH_BASE + CMDLINE_OFF;
	info()->rsdp_paddr = 0xfe000;
	info()->memmap_paddr = SCRATCH_BASE + MAP_OFF;
	info()->memmap_entries = 3;
	for (unsigned int i = 0; i < 3; i++) {
		map_entries()[i].addr = 0x100000ull * (i + 1);
		map_entries()[i].size = 0x1000 * (i + 1);
		map_entries()[i].type = i == 1 ? 2 : 1;
	}
	memcpy(scratch() + CMDLINE_OFF, line, sizeof(line));
}

static const char *parse(struct boot_info *b, struct pvh_start *s)
{
	memset(b, 0, sizeof(*b));
	memset(s, 0, sizeof(*s));
	return xen_pvh_parse_start_info(SCRATCH_BASE + INFO_OFF, scratch_map, b, s);
}

/* Whether msg contains part (the reason names the damage). */
static bool names(const char *msg, const char *part)
{
	size_t n = strlen(part);

	for (; msg && *msg; msg++)
		if (strncmp(msg, part, n) == 0)
			return true;
	return false;
}

static void test_good_block_read_whole(struct ktest *t)
{
	static struct boot_info b;
	struct pvh_start s;

	make_good();
	KEXPECT_TRUE(t, parse(&b, &s) == NULL);
	KEXPECT_TRUE(t, s.valid);
	KEXPECT_EQ(t, s.version, 1);
	KEXPECT_EQ(t, s.flags, SIF_INITDOMAIN);
	KEXPECT_EQ(t, s.rsdp_paddr, 0xfe000);
	KEXPECT_STREQ(t, "pvh", b.protocol);
	KEXPECT_STREQ(t, "pv.nopatch timer.hz=50", b.cmdline);
	KASSERT_EQ(t, b.mmap_count, 3);
	KEXPECT_EQ(t, b.mmap[2].base, 0x300000);
	KEXPECT_EQ(t, b.mmap[2].length, 0x3000);
	KEXPECT_EQ(t, b.mmap[1].type, 2);
}

static void test_version_0_has_no_map(struct ktest *t)
{
	static struct boot_info b;
	struct pvh_start s;

	make_good();
	info()->version = 0;
	KEXPECT_TRUE(t, parse(&b, &s) == NULL);
	KEXPECT_TRUE(t, s.valid);
	KEXPECT_EQ(t, b.mmap_count, 0);
	KEXPECT_STREQ(t, "pv.nopatch timer.hz=50", b.cmdline);
}

static void test_bad_magic_is_fatal(struct ktest *t)
{
	static struct boot_info b;
	struct pvh_start s;
	const char *err;

	make_good();
	info()->magic ^= 1;
	err = parse(&b, &s);
	KEXPECT_TRUE(t, names(err, "magic 0x336ec579"));
	KEXPECT_FALSE(t, s.valid);
	KEXPECT_TRUE(t, b.cmdline == NULL);
	KEXPECT_TRUE(t, xen_pvh_parse_start_info(SCRATCH_BASE + sizeof(scratch_words) - 8,
						 scratch_map, &b, &s) != NULL);
	KEXPECT_FALSE(t, s.valid);
}

static void test_map_damage_named_and_earlier_entries_kept(struct ktest *t)
{
	static struct boot_info b;
	struct pvh_start s;

	make_good();
	map_entries()[1].size = 0;
	KEXPECT_TRUE(t, names(parse(&b, &s), "entry 1 (0x200000, 0 bytes) is empty"));
	KEXPECT_EQ(t, b.mmap_count, 1);

	make_good();
	map_entries()[2].addr = ~0ull - 0xfff;
	map_entries()[2].size = 0x2000;
	KEXPECT_TRUE(t, names(parse(&b, &s), "entry 2"));
	KEXPECT_EQ(t, b.mmap_count, 2);

	make_good();
	map_entries()[0].reserved = 7;
	KEXPECT_TRUE(t, names(parse(&b, &s), "reserved 0x7"));
	KEXPECT_EQ(t, b.mmap_count, 0);
}

static void test_map_counts_and_places_bounded(struct ktest *t)
{
	static struct boot_info b;
	struct pvh_start s;

	make_good();
	info()->memmap_entries = 0xffffffff;
	KEXPECT_TRUE(t, names(parse(&b, &s), "memmap_entries 4294967295 is implausible"));
	KEXPECT_EQ(t, b.mmap_count, 0);
	KEXPECT_STREQ(t, "pv.nopatch timer.hz=50", b.cmdline);

	make_good();
	info()->memmap_entries = 100; /* runs past the readable memory */
	KEXPECT_TRUE(t, names(parse(&b, &s), "is not readable"));
	KEXPECT_EQ(t, b.mmap_count, 0);

	make_good();
	info()->memmap_entries = 0;
	KEXPECT_TRUE(t, names(parse(&b, &s), "empty memory map"));

	/* Its u64 fields would be read misaligned (on either ABI). */
	make_good();
	info()->memmap_paddr += 2;
	KEXPECT_TRUE(t, names(parse(&b, &s), "-byte aligned"));
	KEXPECT_EQ(t, b.mmap_count, 0);
}

static void test_command_line_bounded(struct ktest *t)
{
	static struct boot_info b;
	struct pvh_start s;

	make_good();
	/* No NUL before the end of readable memory. */
	memset(scratch() + CMDLINE_OFF, 'x', sizeof(scratch_words) - CMDLINE_OFF);
	KEXPECT_TRUE(t, names(parse(&b, &s), "runs into unreadable memory"));
	KEXPECT_TRUE(t, b.cmdline == NULL);
	KEXPECT_EQ(t, b.mmap_count, 3);
}

static void test_e820_from_xen_bounded(struct ktest *t)
{
	static struct boot_info b;
	struct e820_entry e[2] = {
		{ .addr = 0, .size = 0x9f000, .type = 1 },
		{ .addr = 0x100000, .size = 0, .type = 1 },
	};

	memset(&b, 0, sizeof(b));
	KEXPECT_TRUE(t, xen_pvh_parse_e820(e, 2, 1, &b) == NULL);
	KEXPECT_EQ(t, b.mmap_count, 1);
	KEXPECT_TRUE(t, names(xen_pvh_parse_e820(e, 2, 2, &b), "entry 1"));
	KEXPECT_EQ(t, b.mmap_count, 1);
	KEXPECT_TRUE(t, names(xen_pvh_parse_e820(e, 2, 3, &b), "3 entries into room for 2"));
	KEXPECT_EQ(t, b.mmap_count, 0);
}

static const struct ktest_case pvh_start_info_cases[] = {
	KTEST_CASE(test_good_block_read_whole),
	KTEST_CASE(test_version_0_has_no_map),
	KTEST_CASE(test_bad_magic_is_fatal),
	KTEST_CASE(test_map_damage_named_and_earlier_entries_kept),
	KTEST_CASE(test_map_counts_and_places_bounded),
	KTEST_CASE(test_command_line_bounded),
	KTEST_CASE(test_e820_from_xen_bounded),
	{},
};
KTEST_SUITE(pvh_start_info, pvh_start_info_cases, NULL);
