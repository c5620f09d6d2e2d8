/*
 * What the four ops mean, whatever backend implements them: save_fl reports
 * the state, disable and enable set it, restore_fl puts back a saved state,
 * and saves and restores nest.
 */
#include <asm/irqflags.h>
#include <pvkern/ktest.h>

static void test_disable_enable(struct ktest *t)
{
	KASSERT_TRUE(t, !irqs_disabled());
	local_irq_disable();
	KEXPECT_TRUE(t, irqs_disabled());
	local_irq_disable(); /* idempotent */
	KEXPECT_TRUE(t, irqs_disabled());
	local_irq_enable();
	KEXPECT_FALSE(t, irqs_disabled());
	local_irq_enable();
	KEXPECT_FALSE(t, irqs_disabled());
}

static void test_save_reports_state(struct ktest *t)
{
	unsigned long on, off;

	local_save_flags(on);
	local_irq_disable();
	local_save_flags(off);
	local_irq_enable();
	KEXPECT_EQ(t, X86_EFLAGS_IF, on & X86_EFLAGS_IF);
	KEXPECT_EQ(t, 0, off & X86_EFLAGS_IF);
}

static void test_save_disables(struct ktest *t)
{
	unsigned long flags;

	local_irq_save(flags);
	KEXPECT_TRUE(t, irqs_disabled());
	KEXPECT_FALSE(t, irqs_disabled_flags(flags));
	local_irq_restore(flags);
	KEXPECT_FALSE(t, irqs_disabled());
}

static void test_nested_save_restore(struct ktest *t)
{
	unsigned long outer, middle, inner;

	local_irq_save(outer);
	local_irq_save(middle);
	local_irq_save(inner);
	KEXPECT_TRUE(t, irqs_disabled_flags(middle));
	KEXPECT_TRUE(t, irqs_disabled_flags(inner));
	local_irq_restore(inner);
	KEXPECT_TRUE(t, irqs_disabled());
	local_irq_restore(middle);
	KEXPECT_TRUE(t, irqs_disabled());
	local_irq_restore(outer);
	KEXPECT_FALSE(t, irqs_disabled());
}

static void test_restore_enabled_state_enables(struct ktest *t)
{
	unsigned long enabled;

	local_save_flags(enabled);
	local_irq_disable();
	local_irq_restore(enabled);
	KEXPECT_FALSE(t, irqs_disabled());
}

static void test_restore_disabled_state_disables(struct ktest *t)
{
	unsigned long disabled;

	local_irq_disable();
	local_save_flags(disabled);
	local_irq_enable();
	local_irq_restore(disabled);
	KEXPECT_TRUE(t, irqs_disabled());
	local_irq_enable();
}

static const struct ktest_case pv_semantics_cases[] = {
	KTEST_CASE(test_disable_enable),
	KTEST_CASE(test_save_reports_state),
	KTEST_CASE(test_save_disables),
	KTEST_CASE(test_nested_save_restore),
	KTEST_CASE(test_restore_enabled_state_enables),
	KTEST_CASE(test_restore_disabled_state_disables),
	{},
};
KTEST_SUITE_EACH_CPU(pv_semantics, pv_semantics_cases, NULL);
