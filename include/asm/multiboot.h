/* Multiboot (version 1) boot protocol, as the specification defines it. */
#ifndef ASM_MULTIBOOT_H
#define ASM_MULTIBOOT_H

#define MB1_HEADER_MAGIC 0x1BADB002
#define MB1_BOOTLOADER_MAGIC 0x2BADB002
#define MB1_HEADER_PAGE_ALIGN (1 << 0)
#define MB1_HEADER_MEMORY_INFO (1 << 1)
#define MB1_HEADER_AOUT_KLUDGE (1 << 16)

#define MB1_INFO_MEMORY (1 << 0)
#define MB1_INFO_CMDLINE (1 << 2)
#define MB1_INFO_MMAP (1 << 6)
#define MB1_INFO_LOADER_NAME (1 << 9)

#ifndef __ASSEMBLY__
#include <pvkern/types.h>

struct mb1_info {
	u32 flags;
	u32 mem_lower, mem_upper;
	u32 boot_device;
	u32 cmdline;
	u32 mods_count, mods_addr;
	u32 syms[4];
	u32 mmap_length, mmap_addr;
	u32 drives_length, drives_addr;
	u32 config_table;
	u32 boot_loader_name;
} __attribute__((packed));

struct mb1_mmap_entry {
	u32 size; /* of the rest of the entry */
	u64 base_addr, length;
	u32 type;
} __attribute__((packed));

struct boot_info;

/*
 * How a boot-info parser reaches memory the loader points at: a pointer
 * to [addr, addr + len), or NULL when that cannot be read. The kernel maps
 * physical memory 1:1 (multiboot_map); a fuzzer maps its input buffer.
 */
typedef const void *(*mb_map_fn)(u64 addr, u64 len);
const void *multiboot_map(u64 addr, u64 len);

/*
 * Read the multiboot1 information block at physical address info into
 * *boot. Returns NULL, or the first damage found (in one line); every
 * field that is not damaged is still read.
 */
const char *mb1_parse_info(u32 info, mb_map_fn map, struct boot_info *boot);

/* One log line: `what` at info is damaged (err), and the kernel goes on. */
void multiboot_report(const char *what, unsigned long info, const char *err);

/* Where the loader's information block was, and the magic it came with. */
extern unsigned long multiboot_info_addr;
extern u32 multiboot_magic;

/*
 * Entered from _start with what the loader left in eax and ebx: checks the
 * magic (multiboot1 or multiboot2), reads the info block, boots.
 */
void multiboot_entry(u32 magic, unsigned long info) __attribute__((noreturn));
#endif

#endif
