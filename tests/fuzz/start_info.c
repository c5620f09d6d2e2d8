/*
 * Fuzz target: Xen's start_info as the kernel reads it
 * (arch/x86/xen/start_info.c). The input fills a start_info_t (shorter
 * inputs are padded with zeros).
 */
#include <string.h>

#include <asm/platform.h>
#include <xen-guest/xen.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	start_info_t si;
	struct boot_info boot;
	char cmdline[sizeof(si.cmd_line)];
	unsigned long long end;

	memset(&si, 0, sizeof(si));
	memcpy(&si, data, size < sizeof(si) ? size : sizeof(si));
	memset(&boot, 0, sizeof(boot));
	xen_start_info_magic_ok(si.magic);
	xen_parse_start_info(&si, &boot, cmdline, sizeof(cmdline));
	if (strlen(boot.cmdline) >= sizeof(cmdline) || boot.mmap_count > 2)
		__builtin_trap();
	/* The map (mapped, then unmapped RAM) covers nr_pages pages, no gap, no overlap. */
	end = 0;
	for (unsigned int i = 0; i < boot.mmap_count; i++) {
		if (boot.mmap[i].base != end || !boot.mmap[i].length)
			__builtin_trap();
		end += boot.mmap[i].length;
	}
	if (boot.mmap_count && end != (unsigned long long)si.nr_pages * XEN_PAGE_SIZE)
		__builtin_trap();
	/* A short output buffer must be honoured too. */
	xen_parse_start_info(&si, &boot, cmdline, 5);
	if (strlen(boot.cmdline) > 4)
		__builtin_trap();
	return 0;
}
