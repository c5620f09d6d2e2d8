/*
 * The screen console: everything the kernel prints goes to COM1 and to the
 * screen the loader left, a framebuffer (fbcon.c) or VGA text (vgacon.c),
 * so that a PC without a serial port still shows the run.
 */
#include <asm/processor.h>
#include <asm/screen.h>
#include <pvkern/cmdline.h>
#include <pvkern/printk.h>
#include <asm/bare_metal.h>

BOOT_PARAM_FLAG(param_screen_hold, "screen.hold",
		"after the verdict, wait for a byte on COM1 before ending the run (for a screenshot)");

static void (*screen_write)(const char *s, size_t n);

/*
 * The screen first: once a line has reached COM1 it is on the screen too,
 * so a screenshot taken when the line is seen on COM1 shows it.
 */
void screen_and_serial_write(const char *s, size_t n)
{
	if (screen_write)
		screen_write(s, n);
	serial_write(s, n);
}

void screen_init(const struct boot_fb *fb)
{
	const char *why;

	switch (fb->type) {
	case BOOT_FB_RGB:
		why = fbcon_init(fb);
		if (why)
			break;
		screen_write = fbcon_write;
		printk("screen: framebuffer %ux%u, %u bits per pixel, at 0x%llx\n", fb->width,
		       fb->height, fb->bpp, (unsigned long long)fb->addr);
		return;
	case BOOT_FB_VGA_TEXT:
		why = vgacon_init(fb);
		if (why)
			break;
		screen_write = vgacon_write;
		printk("screen: VGA text %ux%u at 0x%llx\n", fb->width, fb->height,
		       (unsigned long long)fb->addr);
		return;
	case BOOT_FB_INDEXED:
		why = "the loader set a palette (indexed colour) mode";
		break;
	default:
		why = "the loader reports no screen";
		break;
	}
	printk("screen: none (%s): the console is COM1 only\n", why);
}

void screen_hold(void)
{
	if (!cmdline_flag("screen.hold"))
		return;
	printk("pvkern: screen held: send a byte on COM1 to end the run\n");
	while (!serial_byte_ready())
		cpu_relax();
}
