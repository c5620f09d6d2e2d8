/*
 * The multiboot2 information block (GRUB's `multiboot2` command): walk its
 * tags and collect the command line, boot loader name, memory map, screen
 * and whether the firmware is UEFI into a struct boot_info. The block comes from outside the kernel, so every
 * size is checked before it is used; a block that does not add up is
 * refused with the reason, never half read.
 */
#include <asm/multiboot2.h>
#include <asm/platform.h>
#include <pvkern/kernel.h>
#include <pvkern/printk.h>
#include <pvkern/string.h>

/* Far more than any loader writes (GRUB's block is a few KiB): a larger
 * total_size means ebx does not point at an information block. */
#define MB2_INFO_MAX (1u << 20)

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
	const u8 *p = (const u8 *)(m + 1), *end = (const u8 *)tag + tag->size;

	if (tag->size < sizeof(*m))
		return why("memory map tag of %u bytes is shorter than its header", tag->size);
	/* Later versions may append fields to an entry, never change the first ones. */
	if (m->entry_size < sizeof(struct mb2_mmap_entry) || m->entry_size % 8)
		return why("memory map entry_size %u (want a multiple of 8, at least %u)",
			   m->entry_size, (unsigned int)sizeof(struct mb2_mmap_entry));
	boot->mmap_count = 0;
	for (; p + m->entry_size <= end; p += m->entry_size) {
		const struct mb2_mmap_entry *e = (const void *)p;

		if (boot->mmap_count == BOOT_MMAP_MAX)
			break; /* keep the first ones, as the multiboot1 path does */
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

const char *mb2_parse_info(const void *info, struct boot_info *boot)
{
	const struct mb2_info *hdr = info;
	const u8 *base = info;
	u32 off, total;

	if (!info)
		return "no information block (null address)";
	if ((unsigned long)info % MB2_TAG_ALIGN)
		return why("information block at %p is not 8-byte aligned", info);
	total = hdr->total_size;
	if (total < sizeof(*hdr) + sizeof(struct mb2_tag) || total > MB2_INFO_MAX)
		return why("total_size %u is implausible (want %u..%u)", total,
			   (unsigned int)(sizeof(*hdr) + sizeof(struct mb2_tag)), MB2_INFO_MAX);
#ifdef __x86_64__
	/* head_64.S maps the low 4 GiB only. */
	if ((unsigned long)info + total > (1ul << 32))
		return why("information block at %p ends above 4 GiB", info);
#endif

	boot->protocol = "multiboot2";
	for (off = sizeof(*hdr); off + sizeof(struct mb2_tag) <= total;) {
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
		off += align_tag(tag->size);
	}
	return why("no end tag within total_size %u", total);
}

void multiboot2_read_info(unsigned long info, struct boot_info *boot)
{
	const char *err = mb2_parse_info((const void *)info, boot);

	if (err) {
		printk("pvkern: started by multiboot2, but the information block at 0x%lx "
		       "cannot be read: %s\n", info, err);
		run_exit(EXIT_CRASH);
	}
}
