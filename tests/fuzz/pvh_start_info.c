/*
 * Fuzz target: a PVH guest's hvm_start_info as the kernel reads it
 * (arch/x86/platform/xen_pvh/start_info.c). The input is guest-physical
 * memory from FUZZ_PVH_BASE on, with the structure at its start; nothing
 * outside the input is readable. Its last eight bytes also say how much
 * room and how many entries of a XENMEM_memory_map answer the rest holds.
 */
#include <stdlib.h>
#include <string.h>

#include <asm/platform.h>
#include <xen-guest/pvh.h>

#define FUZZ_PVH_BASE 0x10000u

static const unsigned char *mem;
static size_t mem_size;

static const void *fuzz_map(u64 addr, u64 len)
{
	if (addr < FUZZ_PVH_BASE || addr - FUZZ_PVH_BASE > mem_size ||
	    len > mem_size - (addr - FUZZ_PVH_BASE))
		return NULL;
	return mem + (addr - FUZZ_PVH_BASE);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct boot_info boot;
	struct pvh_start start;
	u32 room, returned;

	memset(&boot, 0, sizeof(boot));
	mem = data;
	mem_size = size;
	xen_pvh_parse_start_info(FUZZ_PVH_BASE, fuzz_map, &boot, &start);
	/* What the boot reads next: the command line whole, the map entries. */
	if (boot.cmdline)
		(void)strlen(boot.cmdline);
	if (boot.mmap_count > BOOT_MMAP_MAX)
		__builtin_trap();
	for (unsigned int i = 0; i < boot.mmap_count; i++)
		if (!boot.mmap[i].length || boot.mmap[i].base + boot.mmap[i].length - 1 <
						    boot.mmap[i].base)
			__builtin_trap();

	/* A XENMEM_memory_map answer: the room Xen was given is what the input holds. */
	if (size < 8)
		return 0;
	memcpy(&returned, data + size - 4, 4);
	room = (size - 8) / sizeof(struct e820_entry);
	if (returned > room + 2)
		returned = room + 2; /* also claims past the room, which must be refused */
	{
		struct e820_entry *e = malloc(room * sizeof(*e) + 1);

		memcpy(e, data, room * sizeof(*e));
		memset(&boot, 0, sizeof(boot));
		xen_pvh_parse_e820(e, room, returned, &boot);
		if (boot.mmap_count > BOOT_MMAP_MAX || boot.mmap_count > room)
			__builtin_trap();
		free(e);
	}
	return 0;
}
