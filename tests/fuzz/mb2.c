/*
 * Fuzz target: the multiboot2 information parser
 * (arch/x86/boot/multiboot2_info.c). The input is the block, copied to an
 * 8-byte aligned buffer of exactly its size.
 */
#include <stdlib.h>
#include <string.h>

#include <asm/multiboot2.h>
#include <asm/platform.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct boot_info boot;
	void *block = aligned_alloc(8, size ? (size + 7) & ~(size_t)7 : 8);

	memcpy(block, data, size);
	memset(&boot, 0, sizeof(boot));
	mb2_parse_info(block, size, &boot);
	if (boot.cmdline)
		(void)strlen(boot.cmdline);
	if (boot.loader_name)
		(void)strlen(boot.loader_name);
	if (boot.mmap_count > BOOT_MMAP_MAX)
		__builtin_trap();
	free(block);
	return 0;
}
