/*
 * The multiboot2 information parser on hand-made blocks: a good block is
 * read completely, and every way a block can be broken is refused with a
 * reason, keeping only the whole tags read before the damage. Runs on
 * every boot path (the parser is plain code), so GRUB is not needed to
 * test the refusals.
 */
#include <asm/multiboot2.h>
#include <asm/platform.h>
#include <pvkern/ktest.h>
#include <pvkern/string.h>

/* A block under construction: 8-byte aligned like a loader's. */
static u64 block_words[256];
static u32 block_len;

static u8 *block(void)
{
	return (u8 *)block_words;
}

static void block_start(void)
{
	memset(block_words, 0, sizeof(block_words));
	block_len = sizeof(struct mb2_info);
}

/* Append a tag of `size` bytes (header included), padded to 8 bytes. */
static struct mb2_tag *block_add(u32 type, u32 size)
{
	struct mb2_tag *tag = (void *)(block() + block_len);

	tag->type = type;
	tag->size = size;
	block_len += (size + 7) & ~7u;
	return tag;
}

static void block_add_string(u32 type, const char *s)
{
	struct mb2_tag_string *tag = (void *)block_add(type, sizeof(struct mb2_tag) + strlen(s) + 1);

	memcpy(tag->string, s, strlen(s) + 1);
}

static void block_add_mmap(u32 entry_size, u32 version, unsigned int n)
{
	struct mb2_tag_mmap *m = (void *)block_add(MB2_TAG_MMAP, sizeof(*m) + n * entry_size);

	m->entry_size = entry_size;
	m->entry_version = version;
	for (unsigned int i = 0; i < n; i++) {
		struct mb2_mmap_entry *e = (void *)((u8 *)(m + 1) + i * entry_size);

		e->base_addr = 0x100000ull * (i + 1);
		e->length = 0x1000 * (i + 1);
		e->type = i % 2 ? 2 : 1;
	}
}

static void block_end(void)
{
	block_add(MB2_TAG_END, sizeof(struct mb2_tag));
	((struct mb2_info *)block())->total_size = block_len;
}

static const char *parse(struct boot_info *boot)
{
	memset(boot, 0, sizeof(*boot));
	return mb2_parse_info(block(), sizeof(block_words), boot);
}

static struct boot_info boot;

static void test_reads_cmdline_loader_and_mmap(struct ktest *t)
{
	block_start();
	block_add_string(MB2_TAG_LOADER_NAME, "GRUB test");
	block_add(4, 16); /* basic meminfo: a tag pvkern skips */
	block_add_string(MB2_TAG_CMDLINE, "pv.nopatch x=1");
	block_add_mmap(sizeof(struct mb2_mmap_entry), 0, 3);
	block_end();
	KASSERT_TRUE(t, parse(&boot) == NULL);
	KEXPECT_STREQ(t, "multiboot2", boot.protocol);
	KEXPECT_STREQ(t, "GRUB test", boot.loader_name);
	KEXPECT_STREQ(t, "pv.nopatch x=1", boot.cmdline);
	KASSERT_EQ(t, boot.mmap_count, 3);
	KEXPECT_EQ(t, boot.mmap[2].base, 0x300000);
	KEXPECT_EQ(t, boot.mmap[2].length, 0x3000);
	KEXPECT_EQ(t, boot.mmap[1].type, 2);
	KEXPECT_EQ(t, boot.mmap[0].type, 1);
}

static void test_longer_mmap_entries_are_read(struct ktest *t)
{
	/* A later entry version may append fields: step by entry_size. */
	block_start();
	block_add_mmap(sizeof(struct mb2_mmap_entry) + 8, 1, 2);
	block_end();
	KASSERT_TRUE(t, parse(&boot) == NULL);
	KASSERT_EQ(t, boot.mmap_count, 2);
	KEXPECT_EQ(t, boot.mmap[1].base, 0x200000);
	KEXPECT_EQ(t, boot.mmap[1].length, 0x2000);
}

static void test_long_mmap_keeps_the_first_entries(struct ktest *t)
{
	block_start();
	block_add_mmap(sizeof(struct mb2_mmap_entry), 0, BOOT_MMAP_MAX + 3);
	block_end();
	KASSERT_TRUE(t, parse(&boot) == NULL);
	KEXPECT_EQ(t, boot.mmap_count, BOOT_MMAP_MAX);
	KEXPECT_EQ(t, boot.mmap_dropped, 3);
	KEXPECT_EQ(t, boot.mmap[BOOT_MMAP_MAX - 1].base, 0x100000ull * BOOT_MMAP_MAX);
}

static void test_empty_block_is_fine(struct ktest *t)
{
	block_start();
	block_end();
	KASSERT_TRUE(t, parse(&boot) == NULL);
	KEXPECT_TRUE(t, boot.cmdline == NULL);
	KEXPECT_TRUE(t, boot.loader_name == NULL);
	KEXPECT_EQ(t, boot.mmap_count, 0);
}

static struct mb2_tag_framebuffer *block_add_fb(u8 type, u32 size)
{
	struct mb2_tag_framebuffer *f = (void *)block_add(MB2_TAG_FRAMEBUFFER, size);

	f->addr = 0xfd000000;
	f->pitch = 2560;
	f->width = 640;
	f->height = 480;
	f->bpp = 32;
	f->type = type;
	return f;
}

static void test_reads_rgb_framebuffer_and_uefi(struct ktest *t)
{
	struct mb2_tag_framebuffer *f;
	struct mb2_fb_rgb *rgb;

	block_start();
	f = block_add_fb(MB2_FB_TYPE_RGB, sizeof(*f) + sizeof(*rgb));
	rgb = (void *)(f + 1);
	*rgb = (struct mb2_fb_rgb){ .red_pos = 16, .red_size = 8, .green_pos = 8,
				    .green_size = 8, .blue_pos = 0, .blue_size = 8 };
	block_add(MB2_TAG_EFI64, 16);
	block_end();
	KASSERT_TRUE(t, parse(&boot) == NULL);
	KEXPECT_EQ(t, boot.fb.type, BOOT_FB_RGB);
	KEXPECT_EQ(t, boot.fb.addr, 0xfd000000);
	KEXPECT_EQ(t, boot.fb.pitch, 2560);
	KEXPECT_EQ(t, boot.fb.width, 640);
	KEXPECT_EQ(t, boot.fb.height, 480);
	KEXPECT_EQ(t, boot.fb.bpp, 32);
	KEXPECT_EQ(t, boot.fb.red_pos, 16);
	KEXPECT_EQ(t, boot.fb.green_pos, 8);
	KEXPECT_EQ(t, boot.fb.blue_size, 8);
	KEXPECT_STREQ(t, "UEFI", boot.firmware);
}

static void test_reads_vga_text_and_no_firmware(struct ktest *t)
{
	struct mb2_tag_framebuffer *f;

	block_start();
	f = block_add_fb(MB2_FB_TYPE_EGA_TEXT, sizeof(*f));
	f->addr = 0xb8000;
	f->width = 80;
	f->height = 25;
	block_end();
	KASSERT_TRUE(t, parse(&boot) == NULL);
	KEXPECT_EQ(t, boot.fb.type, BOOT_FB_VGA_TEXT);
	KEXPECT_EQ(t, boot.fb.addr, 0xb8000);
	KEXPECT_EQ(t, boot.fb.width, 80);
	KEXPECT_TRUE(t, boot.firmware == NULL);

	block_start();
	block_end();
	KASSERT_TRUE(t, parse(&boot) == NULL);
	KEXPECT_EQ(t, boot.fb.type, BOOT_FB_NONE);
}

/* The RSDP copies: the ACPI 2.0 one (tag 15) wins over the 1.0 one (tag 14), in any order. */
static void test_acpi_rsdp_tags(struct ktest *t)
{
	struct mb2_tag *old_tag, *new_tag;

	block_start();
	old_tag = block_add(MB2_TAG_ACPI_OLD, 8 + 20);
	new_tag = block_add(MB2_TAG_ACPI_NEW, 8 + 36);
	block_end();
	KASSERT_TRUE(t, parse(&boot) == NULL);
	KEXPECT_TRUE(t, boot.acpi_rsdp == (const u8 *)new_tag + 8);
	KEXPECT_EQ(t, 36, boot.acpi_rsdp_len);

	block_start();
	new_tag = block_add(MB2_TAG_ACPI_NEW, 8 + 36);
	block_add(MB2_TAG_ACPI_OLD, 8 + 20);
	block_end();
	KASSERT_TRUE(t, parse(&boot) == NULL);
	KEXPECT_TRUE(t, boot.acpi_rsdp == (const u8 *)new_tag + 8);

	block_start();
	old_tag = block_add(MB2_TAG_ACPI_OLD, 8 + 20);
	block_end();
	KASSERT_TRUE(t, parse(&boot) == NULL);
	KEXPECT_TRUE(t, boot.acpi_rsdp == (const u8 *)old_tag + 8);
	KEXPECT_EQ(t, 20, boot.acpi_rsdp_len);
}

/* Each broken block must be refused, with a reason. */
static void expect_refused(struct ktest *t, const char *what)
{
	const char *err = parse(&boot);

	if (!err)
		KTEST_FAIL(t, "%s: accepted", what);
	else if (!*err)
		KTEST_FAIL(t, "%s: refused without a reason", what);
}

static void test_refuses_broken_blocks(struct ktest *t)
{
	struct mb2_tag *tag;
	struct mb2_tag_mmap *m;

	KEXPECT_TRUE(t, mb2_parse_info(NULL, 4096, &boot) != NULL);
	block_start();
	block_end();
	KEXPECT_TRUE(t, mb2_parse_info(block() + 4, sizeof(block_words) - 4, &boot) != NULL);
	/* A block that runs past what the caller can read. */
	KEXPECT_TRUE(t, mb2_parse_info(block(), block_len - 8, &boot) != NULL);
	KEXPECT_TRUE(t, mb2_parse_info(block(), 4, &boot) != NULL);

	block_start();
	block_add_string(MB2_TAG_CMDLINE, "x");
	((struct mb2_info *)block())->total_size = block_len;
	expect_refused(t, "no end tag");

	block_start();
	block_end();
	((struct mb2_info *)block())->total_size = 4;
	expect_refused(t, "total_size smaller than the header");

	block_start();
	block_end();
	((struct mb2_info *)block())->total_size = 0x7fffffff;
	expect_refused(t, "total_size far too large");

	block_start();
	tag = block_add(MB2_TAG_CMDLINE, 16);
	block_end();
	tag->size = 4096;
	expect_refused(t, "tag running past the end");

	block_start();
	tag = block_add(7, 16);
	block_end();
	tag->size = 4;
	expect_refused(t, "tag smaller than its header");

	block_start();
	tag = block_add(MB2_TAG_LOADER_NAME, 16);
	memset(tag + 1, 'A', 8);
	block_end();
	expect_refused(t, "loader name without its NUL");

	block_start();
	block_add_mmap(sizeof(struct mb2_mmap_entry), 0, 2);
	m = (void *)(block() + sizeof(struct mb2_info));
	m->entry_size = 12;
	block_end();
	expect_refused(t, "mmap entry_size too small");

	/* Near 2^32, a pointer sum wraps on i386 and reads outside the tag. */
	block_start();
	block_add_mmap(sizeof(struct mb2_mmap_entry), 0, 2);
	m = (void *)(block() + sizeof(struct mb2_info));
	m->entry_size = 0xfffffff8;
	block_end();
	expect_refused(t, "mmap entry_size near 2^32");

	block_start();
	block_add_mmap(sizeof(struct mb2_mmap_entry), 0, 2);
	m = (void *)(block() + sizeof(struct mb2_info));
	m->entry_size = 0;
	block_end();
	expect_refused(t, "mmap entry_size 0");

	block_start();
	block_add_mmap(sizeof(struct mb2_mmap_entry), 0, 2);
	m = (void *)(block() + sizeof(struct mb2_info));
	m->entry_size = 32; /* 48 bytes of entries */
	block_end();
	expect_refused(t, "mmap not a whole number of entries");

	block_start();
	tag = block_add(MB2_TAG_END, 8);
	tag->size = 16;
	((struct mb2_info *)block())->total_size = block_len + 8;
	expect_refused(t, "end tag with the wrong size");

	block_start();
	block_add_fb(MB2_FB_TYPE_EGA_TEXT, sizeof(struct mb2_tag_framebuffer) - 4);
	block_end();
	expect_refused(t, "framebuffer tag shorter than its header");

	block_start();
	block_add_fb(MB2_FB_TYPE_RGB, sizeof(struct mb2_tag_framebuffer) + 4);
	block_end();
	expect_refused(t, "RGB framebuffer tag without its colour fields");
}

/* Damage stops the parse, and the whole tags before it are kept. */
static void test_keeps_what_came_before_the_damage(struct ktest *t)
{
	struct mb2_tag_mmap *m;

	block_start();
	block_add_string(MB2_TAG_CMDLINE, "timer.hz=50");
	block_add_mmap(sizeof(struct mb2_mmap_entry), 0, 2);
	block_add_string(MB2_TAG_LOADER_NAME, "after the damage");
	block_end();
	m = (void *)(block() + sizeof(struct mb2_info) + 24);
	KASSERT_EQ(t, m->tag.type, MB2_TAG_MMAP);
	m->entry_size = 0xfffffff8;
	KEXPECT_TRUE(t, parse(&boot) != NULL);
	KEXPECT_STREQ(t, "multiboot2", boot.protocol);
	KEXPECT_STREQ(t, "timer.hz=50", boot.cmdline);
	KEXPECT_EQ(t, boot.mmap_count, 0);
	KEXPECT_TRUE(t, boot.loader_name == NULL);
}

static const struct ktest_case multiboot2_cases[] = {
	KTEST_CASE(test_reads_cmdline_loader_and_mmap),
	KTEST_CASE(test_longer_mmap_entries_are_read),
	KTEST_CASE(test_long_mmap_keeps_the_first_entries),
	KTEST_CASE(test_empty_block_is_fine),
	KTEST_CASE(test_reads_rgb_framebuffer_and_uefi),
	KTEST_CASE(test_reads_vga_text_and_no_firmware),
	KTEST_CASE(test_acpi_rsdp_tags),
	KTEST_CASE(test_refuses_broken_blocks),
	KTEST_CASE(test_keeps_what_came_before_the_damage),
	{},
};
KTEST_SUITE(multiboot2, multiboot2_cases, NULL);
