/*
 * The bare-metal platform: COM1, the PIC and PIT, and QEMU's isa-debug-exit
 * device at port 0xf4 to end a run with a status.
 */
#include <asm/desc.h>
#include <asm/io.h>
#include <asm/irqflags.h>
#include <pvkern/kernel.h>
#include <pvkern/percpu.h>
#include <pvops/backend.h>
#include <asm/bare_metal.h>

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
	.percpu_load = bare_metal_percpu_load,
	.exit = bare_metal_exit,
};

void bare_metal_early_setup(void)
{
	serial_init();
	platform = &bare_metal_platform;
	bare_metal_percpu_load(0, percpu_area_setup(0));
#ifdef CONFIG_PARAVIRT
	/* Native until pv_setup() switches to the backend pv.backend= names. */
	pv_backend_install(&native_backend, false);
#endif
	idt_init();
	pic_init();
}
