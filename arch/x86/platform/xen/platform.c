/*
 * The xen platform: Xen's console, the event-channel timer, event channels
 * as interrupt lines, and ending the run through QEMU's isa-debug-exit.
 */
#include <asm/io.h>
#include <asm/platform.h>
#include <pvkern/kernel.h>
#include <pvkern/printk.h>
#include <xen-guest/events.h>
#include <xen-guest/hypercall.h>
#include <xen-guest/xen.h>

/* dom0 writes straight to Xen's serial console. */
static void xen_console_write(const char *s, size_t n)
{
	HYPERVISOR_console_io(CONSOLEIO_write, n, s);
}

/*
 * A PV guest runs with a real IOPL of 0, so `out` traps into Xen, which
 * emulates it when the guest's virtual IOPL allows (kernel mode counts as
 * ring 1) and the port is not one Xen keeps for itself; 0xf4 is not.
 */
void xen_exit(unsigned int code)
{
	struct physdev_set_iopl iopl = { .iopl = 1 };
	struct sched_shutdown shutdown = {
		.reason = code == EXIT_PASS ? SHUTDOWN_poweroff : SHUTDOWN_crash,
	};
	int rc = HYPERVISOR_physdev_op(PHYSDEVOP_set_iopl, &iopl);

	if (rc == 0)
		outl(DEBUG_EXIT_PORT, code);
	if (rc)
		printk("xen: PHYSDEVOP_set_iopl refused (%d): cannot reach isa-debug-exit; ", rc);
	else
		printk("xen: isa-debug-exit did not end the run (not under QEMU?); ");
	printk("shutting down through Xen (%s); the exit code 0x%x is lost\n",
	       code == EXIT_PASS ? "poweroff" : "crash", code);
	for (;;)
		HYPERVISOR_sched_op(SCHEDOP_shutdown, &shutdown);
}

const struct platform_ops xen_platform = {
	.name = "Xen PV",
	.console_write = xen_console_write,
	.timer_start = xen_timer_start,
	.irq_mask = xen_irq_mask,
	.irq_unmask = xen_irq_unmask,
	.irq_eoi = xen_irq_eoi,
	.irq_latched = xen_irq_latched,
	.percpu_load = xen_percpu_load,
	.exit = xen_exit,
};
