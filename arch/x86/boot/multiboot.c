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

static struct boot_info boot;

static void mb1_parse(const struct mb1_info *mbi)
{
	boot.protocol = "multiboot1";
	/* The spec's default when a loader reports no video mode (QEMU -kernel). */
	boot.fb = (struct boot_fb){
		.type = BOOT_FB_VGA_TEXT, .addr = VGA_TEXT_ADDR, .bpp = 16,
		.width = VGA_TEXT_COLS, .height = VGA_TEXT_ROWS, .pitch = VGA_TEXT_COLS * 2,
	};
	if (mbi->flags & MB1_INFO_CMDLINE)
		boot.cmdline = (const char *)(unsigned long)mbi->cmdline;
	if (mbi->flags & MB1_INFO_LOADER_NAME)
		boot.loader_name = (const char *)(unsigned long)mbi->boot_loader_name;
	if (mbi->flags & MB1_INFO_MMAP) {
		unsigned long p = mbi->mmap_addr, end = p + mbi->mmap_length;

		while (p < end && boot.mmap_count < BOOT_MMAP_MAX) {
			const struct mb1_mmap_entry *e = (const void *)p;

			boot.mmap[boot.mmap_count++] = (struct boot_mmap_entry){
				.base = e->base_addr, .length = e->length, .type = e->type
			};
			p += e->size + sizeof(e->size);
		}
	}
}

void multiboot_entry(u32 magic, unsigned long info)
{
	bare_metal_early_setup();
	if (magic == MB1_BOOTLOADER_MAGIC) {
		mb1_parse((const struct mb1_info *)info);
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
