/*
 * The xen backend's halt ops. A PV guest does not run hlt: it asks Xen to
 * deschedule the vCPU until an event comes, so that an idle guest uses no
 * physical CPU.
 *
 * safe_halt is SCHEDOP_block, which clears the vCPU's upcall mask and
 * blocks only if no event is pending, in one step inside Xen: an event
 * that came after the caller last looked, while the mask was still set,
 * ends the block at once instead of being lost. On the way back to the
 * guest Xen delivers the pending event, so the op returns with events
 * enabled and the handler run.
 *
 * halt leaves the mask as it is. With events enabled it is the same
 * block. With events masked the wake-up must not unmask them, so it is
 * SCHEDOP_poll on this vCPU's bound ports: Xen returns at once if one of
 * them is already pending and otherwise blocks until an event comes,
 * without delivering it; the event stays pending for the next enable.
 * (A poll with no ports would not see an event that came before it
 * started.) A poll of several ports ends on an event to any port of the
 * domain, another vCPU's tick among them, so it is repeated until one of
 * this vCPU's own ports is pending.
 */
#include <asm/irq.h>
#include <asm/paravirt.h>
#include <pvkern/compiler.h>
#include <pvops/xen.h>
#include <xen-guest/events.h>
#include <xen-guest/hypercall.h>
#include <xen-guest/xen.h>

void xen_safe_halt(void)
{
	HYPERVISOR_sched_op(SCHEDOP_block, NULL);
}

void xen_halt(void)
{
	evtchn_port_t ports[NR_IRQS];
	struct sched_poll poll = { .timeout = 0 };

	if (!READ_ONCE(xen_vcpu()->evtchn_upcall_mask)) {
		xen_safe_halt();
		return;
	}
	for (unsigned int irq = 0; irq < NR_IRQS; irq++)
		if (xen_irq_port(irq))
			ports[poll.nr_ports++] = xen_irq_port(irq);
	/* Nothing bound could ever end the wait. */
	if (!poll.nr_ports)
		return;
	set_xen_guest_handle(poll.ports, ports);
	for (;;) {
		HYPERVISOR_sched_op(SCHEDOP_poll, &poll);
		for (unsigned int i = 0; i < poll.nr_ports; i++)
			if (xen_port_pending(ports[i]))
				return;
	}
}

PV_CALLEE_SAVE_REGS_THUNK(xen_safe_halt);
PV_CALLEE_SAVE_REGS_THUNK(xen_halt);
