/*
 * What safe_halt and halt mean, whatever backend implements them, through
 * real sites (patched or not): safe_halt turns interrupts on and returns
 * after one was taken, at once if one was already waiting (no lost
 * wake-up); halt waits for an interrupt and leaves the interrupt flag as
 * it found it, and with the flag off the interrupt waits for the enable.
 *
 * Verdicts count ticks, so they hold on a loaded host too.
 */
#include <asm/irqflags.h>
#include <asm/processor.h>
#include <pvkern/ktest.h>
#include <pvkern/timer.h>
#include <pvops/backend.h>
#include <pvops/xen.h>

/* Calls that may end on another CPU's IPI before the tick comes. */
#define MAX_WAKEUPS 8

static const char *pv_halt_skip(void)
{
	return timer_tsc_per_tick() ? NULL : "the timer did not calibrate";
}

static void test_safe_halt_enables_and_takes_an_interrupt(struct ktest *t)
{
	u64 before = timer_ticks();
	unsigned int calls = 0;

	do {
		local_irq_disable();
		arch_safe_halt();
		calls++;
		if (!KEXPECT_FALSE(t, irqs_disabled()))
			break;
	} while (timer_ticks() == before && calls < MAX_WAKEUPS);
	KEXPECT_GT(t, timer_ticks(), before);
	local_irq_enable();
}

/*
 * A tick that became pending while interrupts were off, before the call:
 * safe_halt takes it and returns at once instead of sleeping until the
 * next one. Judged by events, not by time (a domU's TSC is the host's):
 * read with interrupts off again right after the return, the count moved
 * by exactly the pending tick; a lost wake-up takes a second tick to end
 * the sleep. A host that stalls the vCPU for a whole period between the
 * return and the disable can add one too, so a few tries are allowed; a
 * lost wake-up fails every one.
 */
#define SAFE_HALT_TRIES 3

static void test_safe_halt_does_not_lose_a_pending_wakeup(struct ktest *t)
{
	u64 before, after = 0;
	unsigned int try;

	for (try = 0; try < SAFE_HALT_TRIES; try++) {
		local_irq_disable();
		before = timer_ticks();
		timer_spin_periods(2);
		if (!KEXPECT_EQ(t, before, timer_ticks()))
			break;
		arch_safe_halt();
		local_irq_disable();
		after = timer_ticks();
		local_irq_enable();
		if (after == before + 1)
			break;
	}
	if (!KEXPECT_EQ(t, after, before + 1))
		KTEST_FAIL(t, "safe_halt with a tick pending returned after %llu ticks, not 1, "
			   "in each of %u tries", (unsigned long long)(after - before), SAFE_HALT_TRIES);
}

/* With interrupts on, halt waits for one and takes it; they stay on. */
static void test_halt_keeps_interrupts_on(struct ktest *t)
{
	u64 before = timer_ticks();
	unsigned int calls = 0;

	KASSERT_TRUE(t, !irqs_disabled());
	do {
		halt();
		calls++;
		if (!KEXPECT_FALSE(t, irqs_disabled()))
			break;
	} while (timer_ticks() == before && calls < MAX_WAKEUPS);
	KEXPECT_GT(t, timer_ticks(), before);
}

/*
 * With interrupts off, halt returns when one is requested, without
 * taking it: they are still off, and it runs at the enable. The request
 * need not be the tick (a Xen domU's console port wakes it too), so halt
 * again until a tick has come. The CPU's own hlt would wait for good with
 * IF off (only an NMI ends it), so the native backend does not take this
 * test.
 */
static void test_halt_keeps_interrupts_off(struct ktest *t)
{
	unsigned long flags;
	unsigned int calls = 0;
	u64 before = timer_ticks(), held;

	if (pv_backend_active() == &native_backend)
		return;
	do {
		local_irq_save(flags);
		held = timer_ticks();
		halt();
		calls++;
		if (!KEXPECT_TRUE(t, irqs_disabled()) ||
		    !KEXPECT_EQ(t, held, timer_ticks())) {
			local_irq_restore(flags);
			return;
		}
		local_irq_restore(flags);
	} while (timer_ticks() == before && calls < MAX_WAKEUPS);
	KEXPECT_GT(t, timer_ticks(), before);
}

static const struct ktest_case pv_halt_cases[] = {
	KTEST_CASE(test_safe_halt_enables_and_takes_an_interrupt),
	KTEST_CASE(test_safe_halt_does_not_lose_a_pending_wakeup),
	KTEST_CASE(test_halt_keeps_interrupts_on),
	KTEST_CASE(test_halt_keeps_interrupts_off),
	{},
};
KTEST_SUITE(pv_halt, pv_halt_cases, pv_halt_skip);
