/*
 * Event channels. Xen marks a port pending in shared_info's evtchn_pending
 * bitmap, its word in the vCPU's evtchn_pending_sel, and sets
 * evtchn_upcall_pending; when the vCPU's mask is clear it calls the event
 * callback (entry_{32,64}.S), which lands here with events masked.
 *
 * Ports bound to VIRQs or IPIs are given lines of the common irq layer, so
 * that handlers are installed with irq_set_handler() and run through
 * handle_irq() as they do with the PIC.
 */
#include <asm/irq.h>
#include <pvkern/kernel.h>
#include <pvkern/printk.h>
#include <xen-guest/events.h>
#include <xen-guest/hypercall.h>
#include <xen-guest/xen.h>

#define BITS_PER_XEN_ULONG (sizeof(xen_ulong_t) * 8)
/* Only the 2-level ABI's first ports are used: one per irq line at most. */
#define NR_PORTS (sizeof(((struct shared_info *)0)->evtchn_pending) * 8)

/* 0 is never a valid port: it marks an unbound line. */
static evtchn_port_t irq_to_port[NR_IRQS];
static u8 port_to_irq[NR_PORTS];
static bool port_bound[NR_PORTS];
static u64 upcalls, events, stray_events;

static struct shared_info *shared(void)
{
	return &xen_shared_info_page.s;
}

static void bind_port(evtchn_port_t port, unsigned int irq)
{
	if (port >= NR_PORTS || irq >= NR_IRQS)
		panic("xen: cannot give port %u irq line %u", port, irq);
	irq_to_port[irq] = port;
	port_to_irq[port] = irq;
	port_bound[port] = true;
}

int xen_bind_virq_to_irq(unsigned int virq, unsigned int irq)
{
	struct evtchn_bind_virq bind = { .virq = virq, .vcpu = 0 };
	int rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &bind);

	if (rc)
		return rc;
	bind_port(bind.port, irq);
	return 0;
}

int xen_bind_ipi_to_irq(void)
{
	struct evtchn_bind_ipi bind = { .vcpu = 0 };
	unsigned int irq;
	int rc;

	/* Line 0 is the timer's; take the first free one after it. */
	for (irq = 1; irq < NR_IRQS && irq_to_port[irq]; irq++)
		;
	if (irq == NR_IRQS)
		return -1;
	rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_ipi, &bind);
	if (rc)
		return rc;
	bind_port(bind.port, irq);
	return irq;
}

evtchn_port_t xen_irq_port(unsigned int irq)
{
	return irq < NR_IRQS ? irq_to_port[irq] : 0;
}

int xen_send_event(evtchn_port_t port)
{
	struct evtchn_send send = { .port = port };

	return HYPERVISOR_event_channel_op(EVTCHNOP_send, &send);
}

bool xen_port_pending(evtchn_port_t port)
{
	xen_ulong_t w = READ_ONCE(shared()->evtchn_pending[port / BITS_PER_XEN_ULONG]);

	return w & ((xen_ulong_t)1 << (port % BITS_PER_XEN_ULONG));
}

void xen_irq_mask(unsigned int irq)
{
	evtchn_port_t port = xen_irq_port(irq);

	if (port)
		__atomic_fetch_or(&shared()->evtchn_mask[port / BITS_PER_XEN_ULONG],
				  (xen_ulong_t)1 << (port % BITS_PER_XEN_ULONG), __ATOMIC_SEQ_CST);
}

/* EVTCHNOP_unmask also raises the upcall for an event that came while masked. */
void xen_irq_unmask(unsigned int irq)
{
	struct evtchn_unmask unmask = { .port = xen_irq_port(irq) };
	int rc;

	if (!unmask.port)
		return;
	rc = HYPERVISOR_event_channel_op(EVTCHNOP_unmask, &unmask);
	if (rc)
		printk("xen: EVTCHNOP_unmask of port %u failed: %d\n", unmask.port, rc);
}

/* An event waits on the line's port (it came while the port or vCPU was masked). */
bool xen_irq_latched(unsigned int irq)
{
	evtchn_port_t port = xen_irq_port(irq);

	return port && xen_port_pending(port);
}

/* The pending bit was cleared before the handler ran: nothing to acknowledge. */
void xen_irq_eoi(unsigned int irq)
{
}

u64 xen_upcall_count(void)
{
	return upcalls;
}

u64 xen_event_count(void)
{
	return events;
}

static void dispatch(evtchn_port_t port, struct pt_regs *regs)
{
	events++;
	if (port < NR_PORTS && port_bound[port]) {
		handle_irq(port_to_irq[port], regs);
	} else if (stray_events++ == 0) {
		printk("xen: event on unbound port %u (reported once)\n", port);
	}
}

/*
 * Runs with events masked. Clear the vCPU's pending flag first, so that an
 * event arriving while we scan sets it again and is picked up by the loop
 * (or, after we return, by the iret hypercall).
 */
void xen_evtchn_do_upcall(struct pt_regs *regs)
{
	struct vcpu_info *v = xen_vcpu();
	struct shared_info *s = shared();

	upcalls++;
	do {
		xen_ulong_t sel;

		WRITE_ONCE(v->evtchn_upcall_pending, 0);
		sel = __atomic_exchange_n(&v->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
		while (sel) {
			unsigned int w = __builtin_ctzl(sel);
			xen_ulong_t bits;

			sel &= sel - 1;
			bits = READ_ONCE(s->evtchn_pending[w]) & ~READ_ONCE(s->evtchn_mask[w]);
			while (bits) {
				unsigned int b = __builtin_ctzl(bits);
				xen_ulong_t bit = (xen_ulong_t)1 << b;

				bits &= bits - 1;
				__atomic_fetch_and(&s->evtchn_pending[w], ~bit, __ATOMIC_SEQ_CST);
				dispatch(w * BITS_PER_XEN_ULONG + b, regs);
			}
		}
	} while (READ_ONCE(v->evtchn_upcall_pending));
}
