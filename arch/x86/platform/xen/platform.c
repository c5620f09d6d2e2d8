/*
 * The xen platform: Xen's console, the event-channel timer, event channels
 * as interrupt lines, the other vCPUs (smp.c), and ending the run
 * (shutdown.c).
 */
#include <asm/pgtable.h>
#include <asm/platform.h>
#include <pvkern/kernel.h>
#include <pvkern/printk.h>
#include <xen-guest/console.h>
#include <xen-guest/events.h>
#include <xen-guest/hypercall.h>
#include <xen-guest/xen.h>

/* dom0 writes straight to Xen's serial console; a domU into its ring. */
void xen_console_write(const char *s, size_t n)
{
	if (xen_console_ring_active())
		xen_console_ring_write(s, n);
	else
		HYPERVISOR_console_io(CONSOLEIO_write, n, s);
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
	.protect_kernel = xen_protect_kernel,
	.smp_boot = xen_smp_boot,
	.wake_cpu = xen_wake_cpu,
	.wait_for_work = xen_wait_for_work,
	.exit = xen_exit,
};
