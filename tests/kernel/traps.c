/* Exceptions raised on purpose reach a test-installed handler and return. */
#include <asm/traps.h>
#include <pvkern/ktest.h>

static volatile unsigned int hits;
static volatile unsigned long last_vector;

static bool count_and_continue(struct pt_regs *regs)
{
	hits++;
	last_vector = regs->vector;
	return true;
}

static bool skip_ud2(struct pt_regs *regs)
{
	count_and_continue(regs);
	regs->ip += 2; /* ud2 is a fault: resume after it */
	return true;
}

static void test_int3_reaches_handler(struct ktest *t)
{
	trap_handler_t old = trap_set_handler(X86_TRAP_BP, count_and_continue);

	hits = 0;
	asm volatile("int3" ::: "memory");
	trap_set_handler(X86_TRAP_BP, old);
	KEXPECT_EQ(t, 1, hits);
	KEXPECT_EQ(t, X86_TRAP_BP, last_vector);
}

static void test_ud2_reaches_handler(struct ktest *t)
{
	trap_handler_t old = trap_set_handler(X86_TRAP_UD, skip_ud2);

	hits = 0;
	asm volatile("ud2" ::: "memory");
	trap_set_handler(X86_TRAP_UD, old);
	KEXPECT_EQ(t, 1, hits);
	KEXPECT_EQ(t, X86_TRAP_UD, last_vector);
}

static const struct ktest_case traps_cases[] = {
	KTEST_CASE(test_int3_reaches_handler),
	KTEST_CASE(test_ud2_reaches_handler),
	{},
};
KTEST_SUITE(traps, traps_cases, NULL);
