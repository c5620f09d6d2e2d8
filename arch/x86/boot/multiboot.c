/*
 * The C side of the multiboot entry: check who started us, collect the
 * command line, boot loader name, memory map and screen, set up the
 * bare-metal platform and enter the common boot sequence.
 */
#include <asm/multiboot.h>
#include <asm/multiboot2.h>
#include <asm/platform.h>
#include <asm/screen.h>
#include <pvkern/kernel.h>
#include <pvkern/printk.h>
#include <asm/bare_metal.h>
#ifdef CONFIG_PARAVIRT
#include <xen-guest/pvh.h>
#endif

static struct boot_info boot;
unsigned long multiboot_info_addr;
u32 multiboot_magic;

/*
 * Physical memory is mapped 1:1: the low 4 GiB on x86_64 (head_64.S), all
 * of it on i386 (paging off). A range is readable if it lies below 4 GiB
 * and does not start at page 0 (where a NULL pointer would point).
 */
const void *multiboot_map(u64 addr, u64 len)
{
	if (addr < 4096 || addr > (1ull << 32) || len > (1ull << 32) - addr)
		return NULL;
	return (const void *)(unsigned long)addr;
}

void multiboot_entry(u32 magic, unsigned long info)
{
#ifdef CONFIG_PARAVIRT
	/* Xen's PVH entry joins this head (xen_pvh/head.S): not bare metal. */
	if (magic == XEN_HVM_START_MAGIC_VALUE)
		xen_pvh_entry(info);
#endif
	bare_metal_early_setup();
	multiboot_info_addr = info;
	multiboot_magic = magic;
	if (magic == MB1_BOOTLOADER_MAGIC) {
		const char *err;

		/* The spec's default when a loader reports no video mode (QEMU -kernel). */
		boot.fb = (struct boot_fb){
			.type = BOOT_FB_VGA_TEXT, .addr = VGA_TEXT_ADDR, .bpp = 16,
			.width = VGA_TEXT_COLS, .height = VGA_TEXT_ROWS, .pitch = VGA_TEXT_COLS * 2,
		};
		err = mb1_parse_info(info, multiboot_map, &boot);

		if (err)
			multiboot_report("the multiboot1 information", info, err);
	} else if (magic == MB2_BOOTLOADER_MAGIC) {
		multiboot2_read_info(info, &boot);
	} else {
		printk("pvkern: bad boot magic 0x%08x: not started by a multiboot loader "
		       "(expected 0x%08x or 0x%08x)\n", magic, MB1_BOOTLOADER_MAGIC,
		       MB2_BOOTLOADER_MAGIC);
		run_exit(EXIT_CRASH);
	}
	screen_init(&boot.fb);
	pc_acpi_init(&boot);
	kernel_main(&boot);
}
