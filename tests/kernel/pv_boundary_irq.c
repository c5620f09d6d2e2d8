/*
 * The interrupt that the instruction-boundary suite (pv_boundary.c) makes
 * pending from its #DB hook, one per backend whose enabling ops look for
 * pending work, and that backend's view of the interrupt state.
 *
 * lguest-style, on bare metal: COM1's transmitter-empty interrupt on PIC
 * line 4. Setting IER.THRI while the transmitter is empty raises the line
 * during the outb itself (QEMU's 16550 updates its IRQ at once on an IER
 * write), the 8259 latches the edge and asserts INTR. The #DB hook runs
 * with the CPU's IF off (an interrupt gate), so the CPU takes the
 * interrupt right after the hook's iret, which has no interrupt shadow:
 * before the instruction at the boundary, exactly there, if the real IF
 * is on (it is, unless a deferral already turned it off). The handler
 * clears IER, which drops the line for the next edge.
 *
 * Xen PV: EVTCHNOP_send on an IPI port bound to ourselves. The #DB
 * handler runs with events masked; the iret hypercall that ends it puts
 * back the interrupted code's mask and delivers the upcall on the way
 * back to the guest if that mask is clear, again before the instruction
 * at the boundary. Otherwise the event waits for the op to find it.
 */
#include <asm/io.h>
#include <asm/irq.h>
#include <asm/processor.h>
#include <asm/uart_16550.h>
#include <pvkern/percpu.h>
#include <pvops/backend.h>
#include <pvops/lguest.h>
#include <pvops/xen.h>
#include <xen-guest/events.h>
#include <xen-guest/xen.h>
#include "pv_boundary.h"

volatile struct boundary_irq_counts boundary_irq_counts;

static int xen_ipi_irq = -1;
static u8 saved_mcr;

static bool on_lguest(void)
{
	return pv_backend_active() == &lguest_backend;
}

static bool on_xen(void)
{
	return pv_backend_active() == &xen_backend;
}

const char *boundary_irq_skip(void)
{
	if (on_lguest() || on_xen())
		return NULL;
	return "needs a backend whose enabling ops look for pending work (lguest or xen)";
}

/*
 * For a delivery, regs is the interrupted code's frame; for lguest's
 * replay, a frame whose pvflags is the flag the enabling op turned on.
 * Xen folds the interrupted code's !upcall_mask into the frame's IF.
 */
bool boundary_context_enabled(const struct pt_regs *regs)
{
	if (on_lguest())
		return regs->pvflags & X86_EFLAGS_IF;
	return regs->flags & X86_EFLAGS_IF;
}

static void count_run(const struct pt_regs *regs)
{
	boundary_irq_counts.runs++;
	if (!boundary_context_enabled(regs))
		boundary_irq_counts.masked_runs++;
}

static void uart_irq(unsigned int irq, struct pt_regs *regs)
{
	outb(COM1 + UART_IER, 0);
	count_run(regs);
}

static void ipi_irq(unsigned int irq, struct pt_regs *regs)
{
	count_run(regs);
}

const char *boundary_irq_setup(void)
{
	if (on_lguest()) {
		outb(COM1 + UART_IER, 0);
		saved_mcr = inb(COM1 + UART_MCR);
		outb(COM1 + UART_MCR, saved_mcr | UART_MCR_OUT2);
		irq_set_handler(COM1_IRQ, uart_irq);
		return NULL;
	}
	if (xen_ipi_irq < 0) {
		xen_ipi_irq = xen_bind_ipi_to_irq();
		if (xen_ipi_irq < 0)
			return "cannot bind an IPI event channel";
	}
	irq_set_handler(xen_ipi_irq, ipi_irq);
	return NULL;
}

void boundary_irq_teardown(void)
{
	if (on_lguest()) {
		irq_set_handler(COM1_IRQ, NULL);
		outb(COM1 + UART_IER, 0);
		outb(COM1 + UART_MCR, saved_mcr);
	} else if (xen_ipi_irq >= 0) {
		irq_set_handler(xen_ipi_irq, NULL);
	}
}

bool boundary_irq_raise(void)
{
	if (on_xen())
		return xen_send_event(xen_irq_port(xen_ipi_irq)) == 0;
	/*
	 * The console polls THRE too; the UART is empty again within a
	 * character unless whatever reads it stalls, so wait long.
	 */
	for (unsigned long i = 0; i < 10000000; i++) {
		if (inb(COM1 + UART_LSR) & UART_LSR_THRE) {
			outb(COM1 + UART_IER, UART_IER_THRI);
			return true;
		}
	}
	return false;
}

struct boundary_state boundary_state(void)
{
	struct boundary_state s;

	if (on_lguest()) {
		u32 pending = this_cpu_read(lguest_irq_pending);

		s.flag_on = this_cpu_read(lguest_irq_enabled) == LGUEST_IRQ_ENABLED;
		s.held = pending & (1u << COM1_IRQ);
		s.any_work = pending != 0;
		s.real_if = lguest_real_irq_flag();
	} else {
		struct vcpu_info *v = xen_vcpu();

		s.flag_on = READ_ONCE(v->evtchn_upcall_mask) == 0;
		s.held = xen_port_pending(xen_irq_port(xen_ipi_irq));
		s.any_work = READ_ONCE(v->evtchn_upcall_pending);
		s.real_if = true;
	}
	return s;
}
