/*
 * Failures on purpose, so the harness can prove it catches them:
 * ktest.inject=fail (a test fails), fault (an exception nobody handles),
 * nested-fault (an exception handler that faults in turn),
 * hang (interrupts off, spinning forever), bad-boot-magic (the multiboot
 * entry handed a magic no loader uses: bare metal only). Not run otherwise.
 */
#include <asm/irqflags.h>
#include <asm/multiboot.h>
#include <asm/traps.h>
#include <pvkern/cmdline.h>
#include <pvkern/ktest.h>
#include <pvkern/string.h>

BOOT_PARAM(param_inject, "ktest.inject",
	   "fail, fault, nested-fault, hang or bad-boot-magic on purpose (harness self-checks)");

static const char *inject_skip(void)
{
	return cmdline_get("ktest.inject") ? NULL : "runs only with ktest.inject=";
}

/* A handler that faults itself: an exception on the exception path. */
static bool fault_again(struct pt_regs *regs)
{
	asm volatile("ud2");
	return false;
}

static void test_injected_failure(struct ktest *t)
{
	const char *what = cmdline_get("ktest.inject");

	if (strcmp(what, "fail") == 0) {
		KEXPECT_EQ(t, 1, 2);
	} else if (strcmp(what, "fault") == 0) {
		asm volatile("ud2");
	} else if (strcmp(what, "nested-fault") == 0) {
		trap_set_handler(X86_TRAP_UD, fault_again);
		asm volatile("ud2");
	} else if (strcmp(what, "bad-boot-magic") == 0) {
		multiboot_entry(0x0badb007, 0);
	} else if (strcmp(what, "hang") == 0) {
		local_irq_disable();
		for (;;)
			asm volatile("" ::: "memory");
	} else {
		KTEST_FAIL(t, "unknown ktest.inject=%s (fail, fault, nested-fault, hang, bad-boot-magic)",
			   what);
	}
}

static const struct ktest_case inject_cases[] = {
	KTEST_CASE(test_injected_failure),
	{},
};
KTEST_SUITE(inject, inject_cases, inject_skip);
