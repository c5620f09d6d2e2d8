/*
 * Every vCPU of a Xen PV guest on its own: Xen writes each vCPU's events
 * into the vcpu_info in that vCPU's per-CPU area (not into shared_info's
 * slot, which it used before registration), the irq ops run on each vCPU
 * mask that vCPU's events, and an event held back is delivered by the
 * enabling op on that vCPU, once. An NMI sent to each vCPU reaches the
 * virtual IDT's entry 2 there. On one vCPU the same holds for the boot
 * vCPU alone.
 *
 * ktest.inject=nmi sends the boot vCPU an NMI nobody handles: the run
 * must end with the crash report (tests/kernel/inject.c).
 */
#include <asm/irq.h>
#include <asm/irqflags.h>
#include <asm/processor.h>
#include <asm/traps.h>
#include <pvkern/ktest.h>
#include <pvkern/percpu.h>
#include <pvkern/smp.h>
#include <xen-guest/events.h>
#include <xen-guest/hypercall.h>
#include <xen-guest/xen.h>
#include "xen_vcpus.h"

/* How long a remote vCPU has to take its NMI (Xen system time). */
#define NMI_WAIT_NS 1000000000ull

static const char *xen_vcpus_skip(void)
{
	return xen_pv_domain() ? NULL : "not a Xen PV guest";
}

static int probe_irq = -1;
static DEFINE_PER_CPU(unsigned long, probe_hits);

static void count_probe(unsigned int irq, struct pt_regs *regs)
{
	this_cpu_write(probe_hits, this_cpu_read(probe_hits) + 1);
}

/* A probe line with an IPI port on every online vCPU; true when ready. */
static bool probe_ports_ready(struct ktest *t)
{
	if (probe_irq >= 0)
		return true;
	probe_irq = xen_alloc_irq();
	if (probe_irq < 0) {
		KTEST_FAIL(t, "no irq line left for the probe");
		return false;
	}
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		int rc = cpu_online(cpu) ? xen_bind_ipi(cpu, probe_irq) : 0;

		if (rc) {
			KTEST_FAIL(t, "EVTCHNOP_bind_ipi for vCPU %u: %d", cpu, rc);
			return false;
		}
	}
	irq_set_handler(probe_irq, count_probe);
	return true;
}

struct vcpu_report {
	bool masked_before, masked_here, pending_here, pending_in_shared, masked_after;
	unsigned long held, delivered, offset_in_page;
	int send_rc;
};

/*
 * Runs on one vCPU: unmask, mask with irq_disable, send itself an event,
 * see where Xen marks it, unmask with irq_enable.
 */
static void probe_this_vcpu(void *arg)
{
	struct vcpu_report *r = arg;
	unsigned int cpu = smp_processor_id();
	struct vcpu_info *mine = per_cpu_ptr(xen_vcpu_info, cpu);
	struct vcpu_info *legacy = cpu < XEN_LEGACY_MAX_VCPUS ?
		&xen_shared_info_page.s.vcpu_info[cpu] : NULL;
	unsigned long before = this_cpu_read(probe_hits), flags;

	r->offset_in_page = (unsigned long)mine % XEN_PAGE_SIZE;
	local_irq_save(flags);
	r->masked_before = !(flags & X86_EFLAGS_IF);
	/* Events on here, then the op under test turns them off. */
	local_irq_enable();
	local_irq_disable();
	r->masked_here = READ_ONCE(mine->evtchn_upcall_mask) == 1;
	if (legacy)
		WRITE_ONCE(legacy->evtchn_upcall_pending, 0);
	r->send_rc = xen_send_event(xen_irq_port_on(cpu, probe_irq));
	r->pending_here = READ_ONCE(mine->evtchn_upcall_pending);
	r->pending_in_shared = legacy && READ_ONCE(legacy->evtchn_upcall_pending);
	r->held = this_cpu_read(probe_hits) - before;
	local_irq_enable();
	r->delivered = this_cpu_read(probe_hits) - before;
	local_irq_restore(flags);
	r->masked_after = READ_ONCE(mine->evtchn_upcall_mask) == 1;
}

static void test_each_vcpu_takes_events_in_its_own_vcpu_info(struct ktest *t)
{
	KASSERT_TRUE(t, probe_ports_ready(t));
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		struct vcpu_report r = { .send_rc = -1 };

		if (!smp_call_on_cpu(cpu, probe_this_vcpu, &r))
			continue;
		if (!r.masked_here || r.send_rc || !r.pending_here || r.pending_in_shared ||
		    r.held || r.delivered != 1)
			KTEST_FAIL(t, "vCPU %u: irq op masked its vcpu_info %d, send %d, pending there %d, "
				   "in shared_info %d, handled while masked %lu, after enable %lu",
				   cpu, r.masked_here, r.send_rc, r.pending_here, r.pending_in_shared,
				   r.held, r.delivered);
		/* restore_fl gave back the state it found (an AP runs calls masked). */
		KEXPECT_EQ(t, r.masked_before, r.masked_after);
		KEXPECT_LE(t, r.offset_in_page + sizeof(struct vcpu_info), XEN_PAGE_SIZE);
	}
	KEXPECT_FALSE(t, irqs_disabled());
}

static DEFINE_PER_CPU(unsigned long, nmi_hits);

static bool count_nmi(struct pt_regs *regs)
{
	this_cpu_write(nmi_hits, this_cpu_read(nmi_hits) + 1);
	return true;
}

static unsigned long nmis_taken(unsigned int cpu)
{
	return READ_ONCE(per_cpu(nmi_hits, cpu));
}

/* VCPUOP_send_nmi to each vCPU: the trap table's NMI entry runs on it, once. */
static void test_nmi_reaches_every_vcpu(struct ktest *t)
{
	trap_handler_t old = trap_set_handler(X86_TRAP_NMI, count_nmi);

	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		unsigned long before = nmis_taken(cpu);
		u64 deadline;
		int rc;

		if (!cpu_online(cpu))
			continue;
		rc = HYPERVISOR_vcpu_op(VCPUOP_send_nmi, cpu, NULL);
		KEXPECT_EQ(t, 0, rc);
		deadline = xen_clock_ns() + NMI_WAIT_NS;
		while (nmis_taken(cpu) == before && (s64)(xen_clock_ns() - deadline) < 0)
			cpu_relax();
		if (nmis_taken(cpu) != before + 1)
			KTEST_FAIL(t, "vCPU %u took %lu NMIs, expected 1", cpu, nmis_taken(cpu) - before);
	}
	trap_set_handler(X86_TRAP_NMI, old);
}

void xen_inject_nmi(struct ktest *t)
{
	if (!xen_pv_domain()) {
		KTEST_FAIL(t, "ktest.inject=nmi needs a Xen PV guest (VCPUOP_send_nmi)");
		return;
	}
	/* Delivered on the way back from the hypercall: the crash report follows. */
	HYPERVISOR_vcpu_op(VCPUOP_send_nmi, smp_processor_id(), NULL);
	KTEST_FAIL(t, "the NMI did not end the run");
}

static const struct ktest_case xen_vcpus_cases[] = {
	KTEST_CASE(test_each_vcpu_takes_events_in_its_own_vcpu_info),
	KTEST_CASE(test_nmi_reaches_every_vcpu),
	{},
};
KTEST_SUITE(xen_vcpus, xen_vcpus_cases, xen_vcpus_skip);
