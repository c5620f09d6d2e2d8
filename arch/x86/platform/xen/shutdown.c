/*
 * Ending a run under Xen.
 *
 * A domU says how it ended with SCHEDOP_shutdown, which reaches the
 * toolstack (`xl create -F` prints "Domain N has shut down, reason code
 * R"): poweroff for a pass, crash for a failure or a crash; the KTAP on the
 * console tells those two apart. Its console is a ring read by
 * xenconsoled, so it first waits until the ring has been read.
 *
 * dom0 first writes the exit code to QEMU's isa-debug-exit port, which
 * ends QEMU with a status that carries the verdict. The device is
 * write-only, so there is nothing to probe: the write is the probe. When
 * the device is absent the write is dropped (dom0 may use that port; no
 * other device answers there on a PC), the kernel runs on and powers the
 * machine off through Xen (ACPI S5), so QEMU exits by itself with the
 * verdict on the console. SCHEDOP_shutdown is the last resort. The PV and
 * PVH platforms share both ends; they differ in how dom0 reaches the port
 * and the ACPI tables.
 */
#include <asm/io.h>
#include <pvkern/kernel.h>
#include <pvkern/printk.h>
#include <xen-guest/console.h>
#include <xen-guest/hypercall.h>
#include <xen-guest/xen.h>

static const char *exit_name(unsigned int code)
{
	return code == EXIT_PASS ? "PASS" : code == EXIT_FAIL ? "FAIL" : "CRASH";
}

static void __noreturn sched_shutdown(unsigned int reason)
{
	struct sched_shutdown shutdown = { .reason = reason };

	for (;;)
		HYPERVISOR_sched_op(SCHEDOP_shutdown, &shutdown);
}

void xen_domu_exit(unsigned int code)
{
	unsigned int reason = code == EXIT_PASS ? SHUTDOWN_poweroff : SHUTDOWN_crash;

	printk("xen: domU: %s: SCHEDOP_shutdown(%s)\n", exit_name(code),
	       reason == SHUTDOWN_poweroff ? "poweroff" : "crash");
	xen_console_ring_drain(XEN_CONSOLE_WAIT_NS);
	sched_shutdown(reason);
}

/*
 * A PV guest runs with a real IOPL of 0, so `out` traps into Xen, which
 * emulates it when the guest's virtual IOPL allows (kernel mode counts as
 * ring 1) and the port is not one Xen keeps for itself; 0xf4 is not. A
 * PVH dom0 runs in ring 0 and Xen passes it the port directly.
 */
void xen_dom0_exit(unsigned int code, bool pv, int (*acpi_poweroff)(void))
{
	struct physdev_set_iopl iopl = { .iopl = 1 };
	int rc = pv ? HYPERVISOR_physdev_op(PHYSDEVOP_set_iopl, &iopl) : 0;

	if (rc == 0) {
		outl(DEBUG_EXIT_PORT, code);
		printk("xen: no isa-debug-exit at port 0x%x: powering off through Xen (ACPI S5)\n",
		       DEBUG_EXIT_PORT);
	} else {
		printk("xen: PHYSDEVOP_set_iopl refused (%d): powering off through Xen (ACPI S5)\n",
		       rc);
	}
	acpi_poweroff();
	printk("xen: ending with SCHEDOP_shutdown(%s); the exit code 0x%x is lost\n",
	       code == EXIT_PASS ? "poweroff" : "crash", code);
	sched_shutdown(code == EXIT_PASS ? SHUTDOWN_poweroff : SHUTDOWN_crash);
}

void xen_exit(unsigned int code)
{
	if (!(xen_start_info->flags & SIF_INITDOMAIN))
		xen_domu_exit(code);
	xen_dom0_exit(code, true, xen_acpi_poweroff);
}
