/*
 * Multiboot2 boot protocol, as the Multiboot2 specification (version 2.0)
 * defines it: the header a kernel image carries and the boot information
 * block the loader hands over in ebx. Only what pvkern uses is named here.
 */
#ifndef ASM_MULTIBOOT2_H
#define ASM_MULTIBOOT2_H

/* The header: 8-byte aligned, completely within the image's first 32 KiB. */
#define MB2_HEADER_MAGIC 0xE85250D6
#define MB2_HEADER_ARCH_I386 0 /* 32-bit protected mode on entry */
#define MB2_HEADER_SEARCH 32768
#define MB2_HEADER_ALIGN 8

/* Header tags: u16 type, u16 flags, u32 size (of the whole tag), 8-byte aligned. */
#define MB2_HEADER_TAG_END 0
#define MB2_HEADER_TAG_INFO_REQUEST 1
#define MB2_HEADER_TAG_FRAMEBUFFER 5 /* u32 width, height, depth wanted */
#define MB2_HEADER_TAG_OPTIONAL 1 /* flags bit 0: the loader may ignore the tag */

/* What eax holds when a multiboot2 loader enters the kernel. */
#define MB2_BOOTLOADER_MAGIC 0x36d76289

/* Information tags: u32 type, u32 size (without the padding to 8 bytes). */
#define MB2_TAG_END 0
#define MB2_TAG_CMDLINE 1
#define MB2_TAG_LOADER_NAME 2
#define MB2_TAG_MMAP 6
#define MB2_TAG_FRAMEBUFFER 8
#define MB2_TAG_EFI32 11 /* the EFI system table: started from UEFI */
#define MB2_TAG_EFI64 12
#define MB2_TAG_ACPI_OLD 14 /* a copy of an ACPI 1.0 RSDP follows */
#define MB2_TAG_ACPI_NEW 15 /* a copy of an ACPI 2.0+ RSDP follows */
#define MB2_TAG_ALIGN 8

#ifndef __ASSEMBLY__
#include <pvkern/types.h>

struct boot_info;

/* The fixed part of the information block; the tags follow it. */
struct mb2_info {
	u32 total_size; /* of the whole block, the end tag included */
	u32 reserved;
};

struct mb2_tag {
	u32 type;
	u32 size; /* this header included */
};

/* Command line and boot loader name: a NUL-terminated string follows. */
struct mb2_tag_string {
	struct mb2_tag tag;
	char string[];
};

struct mb2_tag_mmap {
	struct mb2_tag tag;
	u32 entry_size;    /* a multiple of 8; later versions may grow the entry */
	u32 entry_version; /* 0 today; newer versions stay compatible */
};

struct mb2_mmap_entry {
	u64 base_addr, length;
	u32 type; /* 1 = usable RAM, 3 = ACPI reclaimable, 4 = preserve, 5 = bad */
	u32 reserved;
};

/* Framebuffer info: the fixed part, then the colour info of its type. */
#define MB2_FB_TYPE_INDEXED 0
#define MB2_FB_TYPE_RGB 1
#define MB2_FB_TYPE_EGA_TEXT 2

struct mb2_tag_framebuffer {
	struct mb2_tag tag;
	u64 addr;
	u32 pitch, width, height;
	u8 bpp, type;
	u16 reserved;
};

struct mb2_fb_rgb {
	u8 red_pos, red_size, green_pos, green_size, blue_pos, blue_size;
};

/*
 * Read a multiboot2 information block into *boot (protocol "multiboot2",
* cmdline, loader_name, mmap, firmware, fb); no more than `readable` bytes
 * from info are touched. Returns NULL, or why the block is damaged; *boot
 * then holds the tags read before the damage (a memory map only if it was
 * read whole).
 */
const char *mb2_parse_info(const void *info, size_t readable, struct boot_info *boot);

/* The boot path: parse the block at physical address info, report damage, go on. */
void multiboot2_read_info(unsigned long info, struct boot_info *boot);
#endif

#endif
