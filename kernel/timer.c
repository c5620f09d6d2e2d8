/*
 * The tick count of each CPU, driven by whatever timer the platform has
 * (each CPU's local APIC timer or the PIT on bare metal, VIRQ_TIMER under
 * Xen). Every online CPU ticks at the same rate.
 */
#include <asm/irqflags.h>
#include <asm/platform.h>
#include <asm/processor.h>
#include <pvkern/cmdline.h>
#include <pvkern/math64.h>
#include <pvkern/percpu.h>
#include <pvkern/printk.h>
#include <pvkern/timer.h>

/*
 * 19 Hz: the slowest rate the PIT's 16-bit divisor reaches (1193182 Hz /
 * 65535 = 18.2 Hz), so every accepted rate is the one the PIT runs at.
 * 10 kHz: the fastest a test uses (lguest_fast_timer); beyond it a tick
 * every few thousand instructions under TCG starves the tests, so a rate
 * above it is a typo, not a wish.
 */
#define TIMER_MIN_HZ 19
#define TIMER_MAX_HZ 10000
BOOT_PARAM_UINT(param_timer_hz, "timer.hz", TIMER_MIN_HZ, TIMER_MAX_HZ, TIMER_DEFAULT_HZ,
		"tick rate in Hz");

unsigned int timer_boot_hz(void)
{
	return (unsigned int)cmdline_uint(&param_timer_hz);
}

/*
 * Each CPU counts the ticks it takes: every CPU ticks (each one's local
 * APIC timer, Xen's per-vCPU VIRQ_TIMER), and a CPU's count must not run
 * faster for it. A word, so that this_cpu_read() reads it in one
 * instruction on i386 too (never half of it before a tick and half after).
 */
static DEFINE_PER_CPU(unsigned long, cpu_ticks);
static unsigned int hz;
static void (*tick_hook)(void);
static u64 tsc_per_tick;

/* Runs with the CPU's interrupts off: nothing else writes this CPU's count. */
void timer_tick(void)
{
	void (*hook)(void) = READ_ONCE(tick_hook);

	this_cpu_write(cpu_ticks, this_cpu_read(cpu_ticks) + 1);
	if (hook)
		hook();
}

u64 timer_ticks(void)
{
	return this_cpu_read(cpu_ticks);
}

u64 timer_ticks_of(unsigned int cpu)
{
	return READ_ONCE(per_cpu(cpu_ticks, cpu));
}

unsigned int timer_hz(void)
{
	return hz;
}

void timer_set_hook(void (*hook)(void))
{
	tick_hook = hook;
}

void timer_set_hz(unsigned int new_hz)
{
	hz = new_hz;
	platform->timer_start(hz);
}

u64 timer_tsc_per_tick(void)
{
	return tsc_per_tick;
}

/*
 * Wait, halted, for the tick count to reach target, giving up after limit
 * TSC cycles (a late look: each halt ends at an interrupt, at the latest
 * the next tick, and none may ever come). Interrupts go off for the look
 * and safe_halt turns them on again, so a tick that comes between the
 * look and the halt ends the halt instead of being missed.
 */
bool timer_wait_ticks(u64 target, u64 limit)
{
	u64 t0 = rdtsc();
	bool reached = true;
	unsigned long flags;

	local_irq_save(flags);
	while (timer_ticks() < target) {
		if (rdtsc() - t0 > limit) {
			reached = false;
			break;
		}
		arch_safe_halt();
		local_irq_disable();
	}
	local_irq_restore(flags);
	return reached;
}

/* Must run with interrupts enabled. */
static void timer_calibrate(void)
{
	const u64 limit = 20000000000ull; /* TSC cycles: seconds on any machine */
	u64 t0, t1, start;

	/* Start on a tick edge, then time four whole periods. */
	if (!timer_wait_ticks(timer_ticks() + 1, limit))
		goto dead;
	start = timer_ticks();
	t0 = rdtsc();
	if (!timer_wait_ticks(start + 4, limit))
		goto dead;
	t1 = rdtsc();
	tsc_per_tick = div_u64(t1 - t0, (u32)(timer_ticks() - start));
	printk("timer: %u Hz, %llu TSC cycles per tick\n", hz,
	       (unsigned long long)tsc_per_tick);
	return;
dead:
	printk("timer: no tick arrived with interrupts enabled; timer tests will fail\n");
}

void timer_init(unsigned int rate)
{
	timer_set_hz(rate);
	local_irq_enable();
	timer_calibrate();
}

void timer_spin_periods(unsigned int n)
{
	u64 t0 = rdtsc(), span = tsc_per_tick * n;

	while (rdtsc() - t0 < span)
		cpu_relax();
}
