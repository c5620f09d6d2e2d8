/*
 * Fuzz target: the multiboot1 information parser
 * (arch/x86/boot/multiboot1_info.c). The input is physical memory from
 * FUZZ_MB1_BASE on, with the information block at its start; everything
 * outside the input is unreadable.
 */
#include <stdlib.h>
#include <string.h>

#include <asm/multiboot.h>
#include <asm/platform.h>

#define FUZZ_MB1_BASE 0x10000u

static const unsigned char *mem;
static size_t mem_size;

static const void *fuzz_map(u64 addr, u64 len)
{
	if (addr < FUZZ_MB1_BASE || addr - FUZZ_MB1_BASE > mem_size ||
	    len > mem_size - (addr - FUZZ_MB1_BASE))
		return NULL;
	return mem + (addr - FUZZ_MB1_BASE);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct boot_info boot;

	memset(&boot, 0, sizeof(boot));
	mem = data;
	mem_size = size;
	mb1_parse_info(FUZZ_MB1_BASE, fuzz_map, &boot);
	/* What the boot reads next: the strings whole, the map entries. */
	if (boot.cmdline)
		(void)strlen(boot.cmdline);
	if (boot.loader_name)
		(void)strlen(boot.loader_name);
	if (boot.mmap_count > BOOT_MMAP_MAX)
		__builtin_trap();
	return 0;
}
