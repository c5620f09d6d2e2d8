/*
 * Starting the application processors of a PC: each CPU the MADT lists is
 * sent INIT and two startup IPIs (the MP specification's sequence), which
 * start it in real mode in the trampoline; it reaches ap_entry() on the
 * stack left for it, with its per-CPU area made, and reports online.
 */
#include <asm/apic.h>
#include <asm/bare_metal.h>
#include <asm/desc.h>
#include <asm/irq.h>
#include <asm/irqflags.h>
#include <asm/processor.h>
#include <pvkern/kernel.h>
#include <pvkern/printk.h>
#include <pvkern/smp.h>
#include <pvkern/string.h>
#include <pvops/backend.h>

#define AP_STACK_SIZE 16384
/* How long an AP has to report (guest time, by the PIT). */
#define AP_ANSWER_US 200000

extern const char trampoline_start[], trampoline_end[];

/* The AP being started: what head_{32,64}.S and ap_entry() read. */
unsigned long ap_boot_stack;
static volatile unsigned int ap_boot_cpu;

static u8 ap_stacks[NR_CPUS][AP_STACK_SIZE] __aligned(16);
static u32 apic_id_of[NR_CPUS];

/* The IPI: what it means is in memory (kernel/smp.c). */
static void wake_ipi(struct pt_regs *regs)
{
	lapic_eoi();
	smp_ipi_interrupt(regs);
}

/* A spurious interrupt gets no EOI (the local APIC never marked it in service). */
static void spurious(struct pt_regs *regs)
{
}

void bare_metal_wake_cpu(unsigned int cpu)
{
	lapic_send_ipi(apic_id_of[cpu], IPI_VECTOR);
}

/*
 * Called with interrupts off after the caller found no work. safe_halt
 * turns them on and halts in one step (the backend's own: a real sti; hlt,
 * whose interrupt shadow covers the hlt, or the virtual flag's form, which
 * replays a wake-up deferred meanwhile), so a wake-up that came after the
 * look still ends the wait. They are off again for the next look.
 */
void bare_metal_wait_for_work(void)
{
	arch_safe_halt();
	local_irq_disable();
}

void ap_entry(void);
void ap_entry(void)
{
	unsigned int cpu = ap_boot_cpu;

	idt_load();
	bare_metal_percpu_load(cpu, __per_cpu_offset[cpu]);
	pv_cpu_init();
	lapic_init();
	smp_ap_online(cpu);
	smp_ap_idle();
}

/* A pointer to a fixed low address, hidden from the compiler's null-pointer reasoning. */
static void *low_mem(unsigned long phys)
{
	asm("" : "+r"(phys));
	return (void *)phys;
}

static bool start_ap(unsigned int cpu, u32 apic_id)
{
	unsigned long waited;

	percpu_area_setup(cpu);
	apic_id_of[cpu] = apic_id;
	ap_boot_cpu = cpu;
	ap_boot_stack = (unsigned long)&ap_stacks[cpu][AP_STACK_SIZE];
	lapic_send_init(apic_id);
	pit_delay_us(10000);
	for (int sipi = 0; sipi < 2 && !cpu_online(cpu); sipi++) {
		lapic_send_startup(apic_id, TRAMPOLINE_BASE >> 12);
		pit_delay_us(200);
	}
	for (waited = 0; !cpu_online(cpu) && waited < AP_ANSWER_US; waited += 1000)
		pit_delay_us(1000);
	return cpu_online(cpu);
}

/* Starts the CPUs whose local APIC ids are listed (the boot CPU's among them). */
void bare_metal_start_aps(const u32 *apic_ids, unsigned int n)
{
	static unsigned int cpu = 1; /* numbers are never given twice */
	u32 self = lapic_id();
	char why[96];

	apic_id_of[0] = self;
	set_local_vector_handler(IPI_VECTOR, wake_ipi);
	set_local_vector_handler(SPURIOUS_VECTOR, spurious);

	if (trampoline_end - trampoline_start > TRAMPOLINE_SIZE)
		panic("smp: the AP trampoline does not fit its page");
	memcpy(low_mem(TRAMPOLINE_BASE), trampoline_start, trampoline_end - trampoline_start);
	for (unsigned int i = 0; i < n; i++) {
		if (apic_ids[i] == self)
			continue;
		if (cpu == NR_CPUS) {
			/* Not a failure: the machine simply has more than we use. */
			printk("smp: CPU with APIC id %u left parked: pvkern runs at most %u CPUs\n",
			       apic_ids[i], NR_CPUS);
			continue;
		}
		/* A late AP may still come up: its number is never given to another. */
		if (!start_ap(cpu++, apic_ids[i])) {
			snprintf(why, sizeof(why),
				 "CPU with APIC id %u did not answer within %u ms; going on without it",
				 apic_ids[i], AP_ANSWER_US / 1000);
			smp_cpu_missing(why);
		}
	}
}
