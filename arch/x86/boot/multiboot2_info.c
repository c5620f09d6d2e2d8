/*
 * The multiboot2 information block (GRUB's `multiboot2` command): walk its
 * tags and collect the command line, boot loader name, memory map, screen
 * and whether the firmware is UEFI into a struct boot_info. The block
 * comes from outside the kernel, so every size is checked against its
 * container before it is used, by arithmetic on offsets that cannot wrap
 * on either architecture. The parse stops at the first thing that does
 * not add up and says why; what was read before it (whole tags only) is
 * kept, and the kernel goes on with that. Pure code: the host fuzzer
 * (tests/fuzz/) builds this same file.
 */
#include <asm/multiboot.h>
#include <asm/multiboot2.h>
#include <asm/platform.h>
#include <pvkern/kernel.h>
#include <pvkern/printk.h>
#include <pvkern/string.h>

/* Far more than any loader writes (GRUB's block is a few KiB): a larger
 * total_size means ebx does not point at an information block. */
#define MB2_INFO_MAX (1u << 20)
/* Version 0's entry is 24 bytes; a later one may grow it, never this far. */
#define MB2_MMAP_ENTRY_MAX 4096

static char why_buf[128];

static const char *why(const char *fmt, ...) __printf(1, 2);
static const char *why(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why_buf, sizeof(why_buf), fmt, ap);
	va_end(ap);
	return why_buf;
}

static u32 align_tag(u32 size)
{
	return (size + MB2_TAG_ALIGN - 1) & ~(u32)(MB2_TAG_ALIGN - 1);
}

/* A string tag must end with its NUL inside the tag. */
static const char *tag_string(const struct mb2_tag *tag)
{
	const struct mb2_tag_string *s = (const void *)tag;
	u32 n = tag->size - sizeof(*tag);

	if (n == 0 || s->string[n - 1] != '\0')
		return NULL;
	return s->string;
}

static const char *read_mmap(const struct mb2_tag *tag, struct boot_info *boot)
{
	const struct mb2_tag_mmap *m = (const void *)tag;
	u32 off, room;

	if (tag->size < sizeof(*m))
		return why("memory map tag of %u bytes is shorter than its header", tag->size);
	room = tag->size - sizeof(*m);
	/* Later versions may append fields to an entry, never change the first ones. */
	if (m->entry_size < sizeof(struct mb2_mmap_entry) || m->entry_size % 8 ||
	    m->entry_size > MB2_MMAP_ENTRY_MAX)
		return why("memory map entry_size %u (want a multiple of 8, %u..%u)",
			   m->entry_size, (unsigned int)sizeof(struct mb2_mmap_entry),
			   MB2_MMAP_ENTRY_MAX);
	if (room % m->entry_size)
		return why("memory map of %u bytes is not a whole number of %u-byte entries",
			   room, m->entry_size);
	boot->mmap_count = 0;
	boot->mmap_dropped = 0;
	/* room - off >= entry_size: no sum that could wrap. */
	for (off = 0; room - off >= m->entry_size; off += m->entry_size) {
		const struct mb2_mmap_entry *e = (const void *)((const u8 *)(m + 1) + off);

		if (boot->mmap_count == BOOT_MMAP_MAX) {
			boot->mmap_dropped++; /* keep the first ones; the boot log says so */
			continue;
		}
		boot->mmap[boot->mmap_count++] = (struct boot_mmap_entry){
			.base = e->base_addr, .length = e->length, .type = e->type
		};
	}
	return NULL;
}

/* The screen GRUB set up; whether the console can use it is screen_init's call. */
static const char *read_framebuffer(const struct mb2_tag *tag, struct boot_info *boot)
{
	const struct mb2_tag_framebuffer *f = (const void *)tag;
	const struct mb2_fb_rgb *rgb = (const void *)(f + 1);
	struct boot_fb *fb = &boot->fb;

	if (tag->size < sizeof(*f))
		return why("framebuffer tag of %u bytes is shorter than its header", tag->size);
	*fb = (struct boot_fb){
		.addr = f->addr, .pitch = f->pitch, .width = f->width, .height = f->height,
		.bpp = f->bpp,
	};
	switch (f->type) {
	case MB2_FB_TYPE_RGB:
		if (tag->size < sizeof(*f) + sizeof(*rgb))
			return why("RGB framebuffer tag of %u bytes has no colour fields", tag->size);
		fb->type = BOOT_FB_RGB;
		fb->red_pos = rgb->red_pos;
		fb->red_size = rgb->red_size;
		fb->green_pos = rgb->green_pos;
		fb->green_size = rgb->green_size;
		fb->blue_pos = rgb->blue_pos;
		fb->blue_size = rgb->blue_size;
		break;
	case MB2_FB_TYPE_EGA_TEXT:
		fb->type = BOOT_FB_VGA_TEXT;
		break;
	case MB2_FB_TYPE_INDEXED:
		fb->type = BOOT_FB_INDEXED;
		break;
	default:
		fb->type = BOOT_FB_NONE;
		break;
	}
	return NULL;
}

const char *mb2_parse_info(const void *info, size_t readable, struct boot_info *boot)
{
	const struct mb2_info *hdr = info;
	const u8 *base = info;
	u32 off, total;

	boot->protocol = "multiboot2";
	if (!info)
		return "no information block (null address)";
	if ((unsigned long)info % MB2_TAG_ALIGN)
		return why("information block at %p is not 8-byte aligned", info);
	if (readable < sizeof(*hdr))
		return why("only %zu bytes readable at %p, less than the header", readable, info);
	total = hdr->total_size;
	if (total < sizeof(*hdr) + sizeof(struct mb2_tag) || total > MB2_INFO_MAX)
		return why("total_size %u is implausible (want %u..%u)", total,
			   (unsigned int)(sizeof(*hdr) + sizeof(struct mb2_tag)), MB2_INFO_MAX);
	if (total > readable)
		return why("total_size %u runs past the %zu bytes readable at %p", total,
			   readable, info);

	/* off <= total throughout, and off is a multiple of 8 below 2^20: no wrap. */
	for (off = sizeof(*hdr); total - off >= sizeof(struct mb2_tag);) {
		const struct mb2_tag *tag = (const void *)(base + off);
		const char *err = NULL;

		if (tag->size < sizeof(*tag) || tag->size > total - off)
			return why("tag type %u at offset %u has size %u, outside the block "
				   "(total_size %u)", tag->type, off, tag->size, total);
		switch (tag->type) {
		case MB2_TAG_END:
			if (tag->size != sizeof(*tag))
				return why("end tag at offset %u has size %u, not 8", off, tag->size);
			return NULL;
		case MB2_TAG_CMDLINE:
			boot->cmdline = tag_string(tag);
			if (!boot->cmdline)
				err = "command line tag is not NUL-terminated";
			break;
		case MB2_TAG_LOADER_NAME:
			boot->loader_name = tag_string(tag);
			if (!boot->loader_name)
				err = "boot loader name tag is not NUL-terminated";
			break;
		case MB2_TAG_MMAP:
			err = read_mmap(tag, boot);
			break;
		case MB2_TAG_FRAMEBUFFER:
			err = read_framebuffer(tag, boot);
			break;
		case MB2_TAG_EFI32:
		case MB2_TAG_EFI64:
			boot->firmware = "UEFI";
			break;
		case MB2_TAG_ACPI_OLD:
		case MB2_TAG_ACPI_NEW:
			/* Checked where it is used (acpi_parse_rsdp); the newer one wins. */
			if (boot->acpi_rsdp && tag->type == MB2_TAG_ACPI_OLD)
				break;
			boot->acpi_rsdp = tag + 1;
			boot->acpi_rsdp_len = tag->size - sizeof(*tag);
			break;
		default:
			break; /* a tag pvkern does not use */
		}
		if (err)
			return err;
		/* The last tag's padding may reach past total: stop there. */
		if (align_tag(tag->size) > total - off)
			break;
		off += align_tag(tag->size);
	}
	return why("no end tag within total_size %u", total);
}

void multiboot_report(const char *what, unsigned long info, const char *err)
{
	printk("pvkern: %s at 0x%lx is damaged: %s; going on with what could be read\n",
	       what, info, err);
}

void multiboot2_read_info(unsigned long info, struct boot_info *boot)
{
	/* Identity-mapped: all of the low 4 GiB on x86_64 (head_64.S), everything on i386. */
	size_t readable = (size_t)((1ull << 32) - info);
	const char *err = mb2_parse_info((const void *)info, readable, boot);

	if (err)
		multiboot_report("the multiboot2 information", info, err);
}
