/*
 * The tick under Xen: on each vCPU, its own VIRQ_TIMER fires when the
 * one-shot timer it set with set_timer_op expires; each tick sets the next
 * one period later, at the rate timer_start() asked for, and counts in
 * timer_tick() on that vCPU. Xen's default periodic timer is stopped, so
 * that VIRQ_TIMER means only our deadlines.
 */
#include <asm/irq.h>
#include <asm/processor.h>
#include <pvkern/kernel.h>
#include <pvkern/math64.h>
#include <pvkern/percpu.h>
#include <pvkern/printk.h>
#include <pvkern/smp.h>
#include <pvkern/timer.h>
#include <xen-guest/events.h>
#include <xen-guest/hypercall.h>
#include <xen-guest/xen.h>

#define NSEC_PER_SEC 1000000000u

static u32 period_ns;
static DEFINE_PER_CPU(u64, next_deadline);
static DEFINE_PER_CPU(bool, timer_bound);

/* (delta << shift or >> -shift) * mul >> 32, without overflowing 64 bits. */
static u64 scale_delta(u64 delta, u32 mul, s8 shift)
{
	u64 hi, lo;

	if (shift < 0)
		delta >>= -shift;
	else
		delta <<= shift;
	hi = (delta >> 32) * mul;
	lo = ((delta & 0xffffffffu) * mul) >> 32;
	return hi + lo;
}

/* vcpu_time_info is updated under a version count: odd means in progress. */
u64 xen_clock_ns(void)
{
	const volatile struct vcpu_time_info *t = &xen_vcpu()->time;
	u32 version;
	u64 now;

	do {
		version = t->version;
		barrier();
		now = t->system_time +
		      scale_delta(rdtsc() - t->tsc_timestamp, t->tsc_to_system_mul, t->tsc_shift);
		barrier();
	} while ((version & 1) || version != t->version);
	return now;
}

/*
 * The next deadline is one period after the last, so the rate does not
 * drift; if that is already past (events were masked for a while), one
 * period from now, so that a late tick is one tick, not a burst.
 */
static void program_next(void)
{
	u64 *next = this_cpu_ptr(next_deadline);
	u64 now = xen_clock_ns();
	int rc;

	*next += period_ns;
	if ((s64)(*next - now) <= 0)
		*next = now + period_ns;
	rc = HYPERVISOR_set_timer_op(*next);
	if (rc)
		printk("xen: set_timer_op failed on vCPU %u: %d\n", smp_processor_id(), rc);
}

static void xen_timer_irq(unsigned int irq, struct pt_regs *regs)
{
	program_next();
	timer_tick();
}

/* Runs on each vCPU: its VIRQ_TIMER (bound the first time), its first deadline. */
static void start_this_vcpu(void *unused)
{
	unsigned int cpu = smp_processor_id();

	if (!this_cpu_read(timer_bound)) {
		int rc = HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, cpu, NULL);

		if (rc)
			printk("xen: VCPUOP_stop_periodic_timer on vCPU %u: %d\n", cpu, rc);
		rc = xen_bind_virq(VIRQ_TIMER, cpu, TIMER_IRQ);
		if (rc)
			panic("xen: cannot bind VIRQ_TIMER of vCPU %u: %d", cpu, rc);
		printk("xen: vCPU %u: VIRQ_TIMER on event channel %u\n", cpu, xen_irq_port(TIMER_IRQ));
		xen_unmask_port(xen_irq_port(TIMER_IRQ));
		this_cpu_write(timer_bound, true);
	}
	*this_cpu_ptr(next_deadline) = xen_clock_ns();
	program_next();
}

void xen_timer_start(unsigned int hz)
{
	if (!hz)
		panic("xen: timer rate 0 Hz");
	period_ns = NSEC_PER_SEC / hz;
	/* Before any vCPU's first deadline: each one's first tick finds it. */
	irq_set_handler(TIMER_IRQ, xen_timer_irq);
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		smp_call_on_cpu(cpu, start_this_vcpu, NULL);
}
