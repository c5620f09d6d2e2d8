/*
 * The other vCPUs of a Xen PV guest.
 *
 * Xen gives the domain its vCPUs; all but the boot vCPU start down. Each
 * one we use (up to NR_CPUS; the rest are named and stay down) gets a
 * per-CPU area, its vcpu_info registered there (vcpu_info.c), and a
 * context for VCPUOP_initialise: the entry point and a stack of its own,
 * the boot vCPU's page tables, its per-CPU segment (percpu.c), the virtual
 * IDT and callbacks (traps.c). VCPUOP_up starts it; it runs patched code
 * from its first instruction, since every site was patched before. It
 * binds its wake-up IPI (EVTCHNOP_bind_ipi), reports online and sleeps in
 * SCHEDOP_block until it is woken; its timer is bound when the tick starts
 * (time.c). A vCPU that cannot be started, or does not report within
 * XEN_AP_ANSWER_NS of Xen time, is named, and the run goes on without it.
 */
#include <asm/irq.h>
#include <asm/platform.h>
#include <asm/processor.h>
#include <pvkern/kernel.h>
#include <pvkern/percpu.h>
#include <pvkern/printk.h>
#include <pvkern/smp.h>
#include <pvkern/string.h>
#include <xen/errno.h>
#include <xen-guest/events.h>
#include <xen-guest/hypercall.h>
#include <xen-guest/xen.h>

#define XEN_AP_STACK_SIZE 16384
/* How long a started vCPU has to report online (Xen system time). */
#define XEN_AP_ANSWER_NS 1000000000ull
/* Xen's own limit on a PV guest's vCPUs is below this; the probe stops there at worst. */
#define XEN_VCPU_PROBE_LIMIT 65536

static u8 ap_stacks[NR_CPUS][XEN_AP_STACK_SIZE] __aligned(16);
/* Xen copies the context during VCPUOP_initialise: one serves every vCPU. */
static struct vcpu_guest_context ctxt;
/* The wake-up IPI's line: one port on each vCPU. */
static int ipi_irq = -1;

void xen_secondary_start(void);
void xen_secondary_entry(void);

static void wake_ipi(unsigned int irq, struct pt_regs *regs)
{
	smp_ipi_interrupt(regs);
}

/* This vCPU's wake-up port: bound before it reports online, so no wake-up is lost. */
static void bind_wake_ipi(unsigned int cpu)
{
	int rc = xen_bind_ipi(cpu, ipi_irq);

	if (rc)
		panic("xen: cannot bind the wake-up IPI of vCPU %u: %d", cpu, rc);
	xen_unmask_port(xen_irq_port_on(cpu, ipi_irq));
}

void xen_secondary_entry(void)
{
	unsigned int cpu = smp_processor_id();

	bind_wake_ipi(cpu);
	smp_ap_online(cpu);
	smp_ap_idle();
}

void xen_wake_cpu(unsigned int cpu)
{
	evtchn_port_t port = ipi_irq < 0 ? 0 : xen_irq_port_on(cpu, ipi_irq);

	if (port)
		xen_send_event(port);
}

/*
 * SCHEDOP_block unmasks events and blocks in one step, so a wake-up that
 * came after the caller looked for work ends it at once; the event runs
 * on the way back, then events are masked again. The vCPU's mask itself,
 * not the ops: this is the platform's own idle, not a site.
 */
void xen_wait_for_work(void)
{
	HYPERVISOR_sched_op(SCHEDOP_block, NULL);
	this_cpu_write(xen_vcpu_info.evtchn_upcall_mask, 1);
	barrier();
}

/* The page tables the boot vCPU runs on, as Xen reads CR3 out to a PV guest. */
static unsigned long read_cr3(void)
{
	unsigned long v;

	asm volatile("mov %%cr3, %0" : "=r"(v));
	return v;
}

static void fill_context(unsigned int cpu, unsigned long offset)
{
	unsigned long stack_top = (unsigned long)&ap_stacks[cpu][XEN_AP_STACK_SIZE];

	memset(&ctxt, 0, sizeof(ctxt));
	ctxt.flags = VGCF_in_kernel;
	ctxt.user_regs.eip = (unsigned long)xen_secondary_start;
	ctxt.user_regs.esp = stack_top;
	ctxt.user_regs.cs = FLAT_KERNEL_CS;
	ctxt.user_regs.ss = FLAT_KERNEL_SS;
	ctxt.user_regs.ds = FLAT_KERNEL_DS;
	ctxt.user_regs.es = FLAT_KERNEL_DS;
	ctxt.kernel_ss = FLAT_KERNEL_SS;
	ctxt.kernel_sp = stack_top;
	ctxt.ctrlreg[3] = read_cr3();
	xen_fill_trap_context(&ctxt);
	xen_percpu_fill_context(cpu, offset, &ctxt);
}

static bool wait_online(unsigned int cpu)
{
	u64 deadline = xen_clock_ns() + XEN_AP_ANSWER_NS;

	while (!cpu_online(cpu)) {
		if ((s64)(xen_clock_ns() - deadline) >= 0)
			return cpu_online(cpu);
		cpu_relax();
	}
	return true;
}

static void start_vcpu(unsigned int cpu)
{
	unsigned long offset = percpu_area_setup(cpu);
	const char *step;
	char why[96];
	int rc;

	rc = xen_vcpu_info_register(cpu);
	step = "VCPUOP_register_vcpu_info";
	if (!rc) {
		/* Xen copied the old one: make sure it starts masked, as a CPU starts with IF off. */
		per_cpu(xen_vcpu_info, cpu).evtchn_upcall_mask = 1;
		fill_context(cpu, offset);
		rc = HYPERVISOR_vcpu_op(VCPUOP_initialise, cpu, &ctxt);
		step = "VCPUOP_initialise";
	}
	if (!rc) {
		rc = HYPERVISOR_vcpu_op(VCPUOP_up, cpu, NULL);
		step = "VCPUOP_up";
	}
	if (rc)
		snprintf(why, sizeof(why), "xen: vCPU %u: %s failed (%d); going on without it", cpu,
			 step, rc);
	else if (!wait_online(cpu))
		snprintf(why, sizeof(why),
			 "xen: vCPU %u did not report online within %llu ms; going on without it", cpu,
			 XEN_AP_ANSWER_NS / 1000000);
	else
		return;
	smp_cpu_missing(why);
}

/* How many vCPUs Xen gave the domain: the first id it does not know ends them. */
static unsigned int count_vcpus(void)
{
	unsigned int n = 1;

	while (n < XEN_VCPU_PROBE_LIMIT &&
	       HYPERVISOR_vcpu_op(VCPUOP_is_up, n, NULL) != -XEN_ENOENT)
		n++;
	return n;
}

void xen_smp_boot(const struct boot_info *boot)
{
	unsigned int nr = count_vcpus();

	printk("xen: the domain has %u vCPU%s\n", nr, nr == 1 ? "" : "s");
	ipi_irq = xen_alloc_irq();
	if (ipi_irq < 0)
		panic("xen: no irq line left for the wake-up IPI");
	irq_set_handler(ipi_irq, wake_ipi);
	bind_wake_ipi(0);
	for (unsigned int cpu = 1; cpu < nr && cpu < NR_CPUS; cpu++) {
		int up = HYPERVISOR_vcpu_op(VCPUOP_is_up, cpu, NULL);
		char why[96];

		if (up == 0) {
			start_vcpu(cpu);
			continue;
		}
		/* Up before we started it (or unknown): not ours to initialise. */
		snprintf(why, sizeof(why), "xen: vCPU %u is %s before it was started; going on without it",
			 cpu, up > 0 ? "up" : "in an unknown state");
		smp_cpu_missing(why);
	}
	/* Not a failure: the domain simply has more than we use. */
	if (nr == NR_CPUS + 1)
		printk("xen: vCPU %u left down: pvkern runs at most %u CPUs\n", NR_CPUS, NR_CPUS);
	else if (nr > NR_CPUS + 1)
		printk("xen: vCPUs %u-%u left down: pvkern runs at most %u CPUs\n", NR_CPUS, nr - 1,
		       NR_CPUS);
}
