/*
 * Failures on purpose, so the harness can prove it catches them:
 * ktest.inject=fail (a test fails), fault (an exception nobody handles),
 * nested-fault (an exception handler that faults in turn), fault-in-report
 * (an exception whose fatal report faults: the console's first write does),
 * hang (interrupts off, spinning forever), bad-boot-magic (the multiboot
 * entry handed a magic no loader uses: bare metal only), lost-cpu (a CPU
 * that never answers its startup IPIs: bare metal only), nmi (an NMI nobody
 * handles: Xen PV only). Not run otherwise.
 */
#include <asm/irqflags.h>
#include <asm/bare_metal.h>
#include <asm/multiboot.h>
#include <asm/platform.h>
#include <asm/traps.h>
#include <pvkern/cmdline.h>
#include <pvkern/ktest.h>
#include <pvkern/string.h>
#include "xen_vcpus.h"

BOOT_PARAM_ENUM(param_inject, "ktest.inject",
		"fail|fault|nested-fault|fault-in-report|hang|bad-boot-magic|lost-cpu|nmi",
		"fail, fault, nested-fault, fault-in-report, hang, bad-boot-magic, lost-cpu or nmi on "
		"purpose (harness self-checks)");

static const char *inject_skip(void)
{
	return cmdline_enum(&param_inject) ? NULL : "runs only with ktest.inject=";
}

/* A handler that faults itself: an exception on the exception path. */
static bool fault_again(struct pt_regs *regs)
{
	asm volatile("ud2");
	return false;
}

/* A console whose next write faults, once; then the real one again. */
static const struct platform_ops *real_platform;
static struct platform_ops faulting_console_platform;
static bool console_fault_armed;

static void console_write_faulting_once(const char *s, size_t n)
{
	if (console_fault_armed) {
		console_fault_armed = false;
		asm volatile("ud2");
	}
	real_platform->console_write(s, n);
}

static void fault_in_report(void)
{
	real_platform = platform;
	faulting_console_platform = *platform;
	faulting_console_platform.console_write = console_write_faulting_once;
	platform = &faulting_console_platform;
	console_fault_armed = true;
	asm volatile("ud2"); /* its report's first line faults */
}

static void test_injected_failure(struct ktest *t)
{
	const char *what = cmdline_enum(&param_inject);

	if (strcmp(what, "fail") == 0) {
		KEXPECT_EQ(t, 1, 2);
	} else if (strcmp(what, "fault") == 0) {
		asm volatile("ud2");
	} else if (strcmp(what, "nested-fault") == 0) {
		trap_set_handler(X86_TRAP_UD, fault_again);
		asm volatile("ud2");
	} else if (strcmp(what, "fault-in-report") == 0) {
		fault_in_report();
	} else if (strcmp(what, "bad-boot-magic") == 0) {
		multiboot_entry(0x0badb007, 0);
	} else if (strcmp(what, "lost-cpu") == 0) {
		/* A CPU the firmware might list but that never answers: the smp suite must fail. */
		static const u32 nobody = 0xfe;

		bare_metal_start_aps(&nobody, 1);
#ifdef CONFIG_PARAVIRT
	} else if (strcmp(what, "nmi") == 0) {
		xen_inject_nmi(t);
#endif
	} else if (strcmp(what, "hang") == 0) {
		local_irq_disable();
		for (;;)
			asm volatile("" ::: "memory");
	} else {
		KTEST_FAIL(t, "unknown ktest.inject=%s (fail, fault, nested-fault, fault-in-report, "
			   "hang, bad-boot-magic, lost-cpu, nmi)", what);
	}
}

static const struct ktest_case inject_cases[] = {
	KTEST_CASE(test_injected_failure),
	{},
};
KTEST_SUITE(inject, inject_cases, inject_skip);
