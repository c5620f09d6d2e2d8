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

/*
 * Entered from _start with what the loader left in eax and ebx: checks the
 * magic (multiboot1 or multiboot2), reads the info block, boots.
 */
void multiboot_entry(u32 magic, unsigned long info) __attribute__((noreturn));
#endif

#endif
