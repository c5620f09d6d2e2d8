/*
 * Event channels. Xen marks a port pending in shared_info's evtchn_pending
 * bitmap, its word in evtchn_pending_sel of the vCPU the port is bound to,
 * and sets that vCPU's evtchn_upcall_pending; when the vCPU's mask is
 * clear it calls the event callback (entry_{32,64}.S), which lands here
 * with events masked, on that vCPU.
 *
 * Ports bound to VIRQs or IPIs are given lines of the common irq layer, so
 * that handlers are installed with irq_set_handler() and run through
 * handle_irq() as they do with the PIC. A line may have a port on each
 * vCPU (the timer's VIRQ_TIMER, the wake-up IPI): the same handler runs on
 * whichever vCPU its event came to, and masking the line masks them all.
 */
#include <asm/irq.h>
#include <pvkern/kernel.h>
#include <pvkern/percpu.h>
#include <pvkern/printk.h>
#include <pvkern/smp.h>
#include <xen-guest/events.h>
#include <xen-guest/hypercall.h>
#include <xen-guest/xen.h>

#define BITS_PER_XEN_ULONG (sizeof(xen_ulong_t) * 8)
/* Only the 2-level ABI's first ports are used: one per irq line and vCPU at most. */
#define NR_PORTS (sizeof(((struct shared_info *)0)->evtchn_pending) * 8)

/* 0 is never a valid port: it marks a line with no port on that vCPU. */
static evtchn_port_t irq_to_port[NR_CPUS][NR_IRQS];
static bool irq_taken[NR_IRQS];
static u8 port_to_irq[NR_PORTS];
/* The vCPU a port is bound to; unbound ports count as the boot vCPU's. */
static u8 port_to_cpu[NR_PORTS];
static bool port_bound[NR_PORTS];
static DEFINE_PER_CPU(unsigned long, upcalls);
static DEFINE_PER_CPU(unsigned long, events);
static unsigned long stray_events;

static struct shared_info *shared(void)
{
	return &xen_shared_info_page.s;
}

static void bind_port(evtchn_port_t port, unsigned int cpu, unsigned int irq)
{
	if (port >= NR_PORTS || irq >= NR_IRQS || cpu >= NR_CPUS)
		panic("xen: cannot give port %u of vCPU %u irq line %u", port, cpu, irq);
	irq_to_port[cpu][irq] = port;
	irq_taken[irq] = true;
	port_to_irq[port] = irq;
	port_to_cpu[port] = cpu;
	/* The upcall on that vCPU reads the two above once it sees this. */
	__atomic_store_n(&port_bound[port], true, __ATOMIC_RELEASE);
}

int xen_alloc_irq(void)
{
	unsigned int irq;

	/* Line 0 is the timer's; take the first free one after it. */
	for (irq = TIMER_IRQ + 1; irq < NR_IRQS && irq_taken[irq]; irq++)
		;
	if (irq == NR_IRQS)
		return -1;
	irq_taken[irq] = true;
	return irq;
}

int xen_bind_virq(unsigned int virq, unsigned int cpu, unsigned int irq)
{
	struct evtchn_bind_virq bind = { .virq = virq, .vcpu = cpu };
	int rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &bind);

	if (rc)
		return rc;
	bind_port(bind.port, cpu, irq);
	return 0;
}

int xen_bind_ipi(unsigned int cpu, unsigned int irq)
{
	struct evtchn_bind_ipi bind = { .vcpu = cpu };
	int rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_ipi, &bind);

	if (rc)
		return rc;
	bind_port(bind.port, cpu, irq);
	return 0;
}

int xen_bind_ipi_to_irq(void)
{
	int irq = xen_alloc_irq();
	int rc;

	if (irq < 0)
		return -1;
	rc = xen_bind_ipi(smp_processor_id(), irq);
	return rc ? rc : irq;
}

evtchn_port_t xen_irq_port_on(unsigned int cpu, unsigned int irq)
{
	return cpu < NR_CPUS && irq < NR_IRQS ? irq_to_port[cpu][irq] : 0;
}

evtchn_port_t xen_irq_port(unsigned int irq)
{
	return xen_irq_port_on(smp_processor_id(), irq);
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

static void mask_port(evtchn_port_t port)
{
	__atomic_fetch_or(&shared()->evtchn_mask[port / BITS_PER_XEN_ULONG],
			  (xen_ulong_t)1 << (port % BITS_PER_XEN_ULONG), __ATOMIC_SEQ_CST);
}

/* EVTCHNOP_unmask also raises the upcall for an event that came while masked. */
void xen_unmask_port(evtchn_port_t port)
{
	struct evtchn_unmask unmask = { .port = port };
	int rc = HYPERVISOR_event_channel_op(EVTCHNOP_unmask, &unmask);

	if (rc)
		printk("xen: EVTCHNOP_unmask of port %u failed: %d\n", port, rc);
}

void xen_irq_mask(unsigned int irq)
{
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		if (xen_irq_port_on(cpu, irq))
			mask_port(xen_irq_port_on(cpu, irq));
}

void xen_irq_unmask(unsigned int irq)
{
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		if (xen_irq_port_on(cpu, irq))
			xen_unmask_port(xen_irq_port_on(cpu, irq));
}

/* An event waits on this vCPU's port of the line (it came while the port or vCPU was masked). */
bool xen_irq_latched(unsigned int irq)
{
	evtchn_port_t port = xen_irq_port(irq);

	return port && xen_port_pending(port);
}

/* The pending bit was cleared before the handler ran: nothing to acknowledge. */
void xen_irq_eoi(unsigned int irq)
{
}

static unsigned long sum_over_cpus(unsigned long *var)
{
	unsigned long n = 0;

	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		if (cpu_online(cpu))
			n += READ_ONCE(*(unsigned long *)((unsigned long)var + __per_cpu_offset[cpu]));
	return n;
}

u64 xen_upcall_count(void)
{
	return sum_over_cpus(&upcalls);
}

u64 xen_event_count(void)
{
	return sum_over_cpus(&events);
}

static void dispatch(evtchn_port_t port, struct pt_regs *regs)
{
	this_cpu_write(events, this_cpu_read(events) + 1);
	if (__atomic_load_n(&port_bound[port], __ATOMIC_ACQUIRE)) {
		handle_irq(port_to_irq[port], regs);
	} else if (__atomic_fetch_add(&stray_events, 1, __ATOMIC_RELAXED) == 0) {
		printk("xen: event on unbound port %u (reported once)\n", port);
	}
}

/*
 * Runs with events masked, on the vCPU the events came to. Clear its
 * pending flag first, so that an event arriving while we scan sets it
 * again and is picked up by the loop (or, after we return, by the iret
 * hypercall). A word of the bitmap may hold other vCPUs' ports too: each
 * vCPU takes only its own, the others find theirs through their own
 * selector.
 */
void xen_evtchn_do_upcall(struct pt_regs *regs)
{
	struct vcpu_info *v = xen_vcpu();
	struct shared_info *s = shared();
	unsigned int cpu = smp_processor_id();

	this_cpu_write(upcalls, this_cpu_read(upcalls) + 1);
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
				evtchn_port_t port = w * BITS_PER_XEN_ULONG + b;
				xen_ulong_t bit = (xen_ulong_t)1 << b;

				bits &= bits - 1;
				if (port_to_cpu[port] != cpu)
					continue;
				__atomic_fetch_and(&s->evtchn_pending[w], ~bit, __ATOMIC_SEQ_CST);
				dispatch(port, regs);
			}
		}
	} while (READ_ONCE(v->evtchn_upcall_pending));
}
