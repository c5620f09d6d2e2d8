/* The smallest suite: the kernel got here with a sane state. */
#include <asm/irqflags.h>
#include <pvkern/ktest.h>

static void test_interrupts_on_after_boot(struct ktest *t)
{
	KEXPECT_FALSE(t, irqs_disabled());
}

static const struct ktest_case boot_cases[] = {
	KTEST_CASE(test_interrupts_on_after_boot),
	{},
};
KTEST_SUITE(boot, boot_cases, NULL);
