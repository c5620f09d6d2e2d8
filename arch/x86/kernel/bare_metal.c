/*
 * The bare-metal platform: COM1, the PIC and PIT, and QEMU's isa-debug-exit
 * device at port 0xf4 to end a run with a status.
 */
#include <asm/desc.h>
#include <asm/io.h>
#include <asm/irqflags.h>
#include <pvkern/kernel.h>
#include "bare_metal.h"

static void __noreturn bare_metal_exit(unsigned int code)
{
	outl(DEBUG_EXIT_PORT, code);
	/* Not under QEMU (real hardware): stop here. */
	serial_write("pvkern: halted\n", 15);
	local_irq_disable();
	for (;;)
		asm volatile("hlt");
}

const struct platform_ops bare_metal_platform = {
	.name = "bare metal",
	.console_write = serial_write,
	.timer_start = pit_start,
	.irq_mask = pic_mask,
	.irq_unmask = pic_unmask,
	.irq_eoi = pic_eoi,
	.irq_latched = pic_latched,
	.exit = bare_metal_exit,
};

void bare_metal_early_setup(void)
{
	serial_init();
	platform = &bare_metal_platform;
	idt_init();
	pic_init();
}
