/*
 * The tick on bare metal: with several CPUs online, each CPU's own local
 * APIC timer (a PIT interrupt reaches one CPU only); on one CPU, or without
 * a local APIC, the PIT. (One CPU keeps the PIT for cost too: a local APIC
 * tick takes a few more instructions than a PIT tick, enough to tip the
 * slowest configuration, PV_DEBUG's unpatched lguest ops under a 10 kHz
 * tick, from slow into never catching up under -icount.)
 *
 * Whichever device it is, the tick is interrupt line TIMER_IRQ to the rest
 * of the kernel: the local APIC timer interrupts on that line's vector
 * (the PIC keeps the PIT's line masked then), and masking, acknowledging
 * or asking about line TIMER_IRQ reaches the current CPU's local APIC
 * timer. So a backend that holds the tick back (lguest-style) does so on
 * the CPU the tick came to, with no code of its own for the APIC.
 *
 * The local APIC timer's rate is measured once, on the boot CPU, against
 * PIT channel 2 (guest time, as the PIT counts it).
 */
#include <asm/apic.h>
#include <asm/bare_metal.h>
#include <asm/irq.h>
#include <pvkern/kernel.h>
#include <pvkern/printk.h>
#include <pvkern/smp.h>
#include <pvkern/timer.h>

#define CALIBRATE_US 10000
#define TIMER_VECTOR (IRQ_VECTOR_BASE + TIMER_IRQ)

/* Counts per second of the divided bus clock; 0 until measured. */
static u32 lapic_timer_rate;
static bool lapic_ticks;

static void lapic_timer_calibrate(void)
{
	u32 counted;

	lapic_timer_oneshot(0xffffffffu);
	pit_delay_us(CALIBRATE_US);
	counted = 0xffffffffu - lapic_timer_current();
	lapic_timer_rate = counted * (1000000 / CALIBRATE_US);
	printk("timer: local APIC timer calibrated against PIT channel 2: %u counts in %u us, "
	       "%u kHz bus clock (divided by %u)\n", counted, CALIBRATE_US,
	       lapic_timer_rate / 1000 * LAPIC_TIMER_DIVIDER, LAPIC_TIMER_DIVIDER);
}

static void lapic_timer_irq(unsigned int irq, struct pt_regs *regs)
{
	(void)irq;
	(void)regs;
	timer_tick();
}

static void lapic_timer_start_here(void *arg)
{
	lapic_timer_periodic(TIMER_VECTOR, lapic_timer_rate / *(unsigned int *)arg);
}

void bare_metal_timer_start(unsigned int hz)
{
	if (!lapic_present() || (!lapic_ticks && num_online_cpus() == 1)) {
		pit_start(hz);
		return;
	}
	if (!lapic_ticks) {
		/* The first time: measure, then take the line from the PIT. */
		lapic_timer_calibrate();
		if (lapic_timer_rate / hz < 1)
			panic("timer: local APIC timer too slow for %u Hz", hz);
		pic_mask(TIMER_IRQ);
		lapic_ticks = true;
		lapic_timer_start_here(&hz);
		irq_set_handler(TIMER_IRQ, lapic_timer_irq);
	} else {
		lapic_timer_start_here(&hz);
	}
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		if (cpu != smp_processor_id())
			smp_call_on_cpu(cpu, lapic_timer_start_here, &hz);
}

static bool is_lapic_line(unsigned int irq)
{
	return irq == TIMER_IRQ && lapic_ticks;
}

void bare_metal_irq_mask(unsigned int irq)
{
	if (is_lapic_line(irq))
		lapic_timer_mask(true);
	else
		pic_mask(irq);
}

void bare_metal_irq_unmask(unsigned int irq)
{
	if (is_lapic_line(irq))
		lapic_timer_mask(false);
	else
		pic_unmask(irq);
}

void bare_metal_irq_eoi(unsigned int irq)
{
	if (is_lapic_line(irq))
		lapic_eoi();
	else
		pic_eoi(irq);
}

bool bare_metal_irq_latched(unsigned int irq)
{
	if (is_lapic_line(irq))
		return lapic_requested(TIMER_VECTOR);
	return pic_latched(irq);
}
