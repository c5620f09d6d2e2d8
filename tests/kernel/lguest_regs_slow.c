/*
 * The lguest-style ops' slow path under the register probes: irq_enable
 * and restore_fl find an interrupt deferred while the flag was off and
 * replay it (lguest_replay() behind its callee-save thunk) before the
 * site ends. Every register but the return register must survive the
 * replay. The interrupt is entered as the interrupt entry would, on a line
 * nothing drives, so that exactly one replay is due.
 */
#include <asm/irq.h>
#include <asm/irqflags.h>
#include <asm/processor.h>
#include <pvkern/percpu.h>
#include <pvkern/ktest.h>
#include <pvops/backend.h>
#include "lguest_probe.h"
#include "pv_regs.h"

#define SPARE_LINE 5

static struct pt_regs frame;

static void count_hit(unsigned int irq, struct pt_regs *regs)
{
	pv_probe_hits++;
}

static void defer_line(void)
{
	frame = (struct pt_regs){ .vector = IRQ_VECTOR_BASE + SPARE_LINE, .flags = X86_EFLAGS_IF };
	lguest_backend.irq_entry(SPARE_LINE, &frame);
}

static bool line_deferred(void)
{
	return this_cpu_read(lguest_irq_pending) & (1u << SPARE_LINE);
}

static const struct pv_slow_path deferred_path = {
	.what = "a deferred interrupt",
	.arm = defer_line,
	.due = line_deferred,
};

static void test_enable_with_deferred_irq_keeps_registers(struct ktest *t)
{
	irq_set_handler(SPARE_LINE, count_hit);
	pv_regs_check_slow(t, "lguest", &deferred_path);
	irq_set_handler(SPARE_LINE, NULL);
}

static const struct ktest_case lguest_regs_slow_cases[] = {
	KTEST_CASE(test_enable_with_deferred_irq_keeps_registers),
	{},
};
KTEST_SUITE(lguest_regs_slow, lguest_regs_slow_cases, lguest_skip);
