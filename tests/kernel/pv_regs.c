/*
 * Every op, called through a real site (patched or not), keeps every
 * general register except the return register; a CLBR_NONE site keeps
 * that one too. The probes (pv_regs_*.S) are themselves sites in the table.
 */
#include <asm/irqflags.h>
#include <asm/paravirt.h>
#include <pvkern/ktest.h>
#include "pv_regs.h"

static const char *const reg_names[NR_PROBE_REGS] = {
#ifdef __x86_64__
	"rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "r8", "r9", "r10",
	"r11", "r12", "r13", "r14", "r15",
#else
	"eax", "ebx", "ecx", "edx", "esi", "edi", "ebp",
#endif
};

volatile unsigned long pv_probe_hits;

void pv_regs_compare(struct ktest *t, const char *name, const struct reg_snapshot *snap,
		     unsigned long flags, bool is_restore, bool keeps_ret)
{
	for (unsigned int i = 0; i < NR_PROBE_REGS; i++) {
		unsigned long want = CANARY(i);

		if (i == REG_AX && !keeps_ret)
			continue;
#ifdef __x86_64__
		if (is_restore && i == REG_DI)
			want = flags;
#else
		if (is_restore && i == REG_AX)
			want = flags;
#endif
		if (snap->r[i] != want)
			KTEST_FAIL(t, "%s: %s changed from 0x%lx to 0x%lx", name, reg_names[i],
				   want, snap->r[i]);
	}
}

static void check_probe(struct ktest *t, const char *name, probe_fn probe,
			bool is_restore, bool keeps_ret)
{
	struct reg_snapshot snap = { 0 };
	unsigned long flags;

	local_irq_save(flags);
	probe(&snap, flags);
	local_irq_restore(flags);
	pv_regs_compare(t, name, &snap, flags, is_restore, keeps_ret);
}

#define PROBE_TEST(op, is_restore)                                             \
	static void test_##op##_keeps_registers(struct ktest *t)                   \
	{                                                                          \
		check_probe(t, #op "/ret", pv_probe_##op##_ret, is_restore, false);    \
		check_probe(t, #op "/none", pv_probe_##op##_none, is_restore,          \
			    PV_IRQ_##op != PV_IRQ_save_fl);                            \
	}

PROBE_TEST(save_fl, false)
PROBE_TEST(restore_fl, true)
PROBE_TEST(irq_disable, false)
PROBE_TEST(irq_enable, false)

/*
 * The halt ops wait for an interrupt (the timer's, at the latest), so
 * their probes run with interrupts on: halt with them off would wait for
 * good on bare metal.
 */
static void check_halt_probe(struct ktest *t, const char *name, probe_fn probe, bool keeps_ret)
{
	struct reg_snapshot snap = { 0 };
	unsigned long flags;

	local_irq_save(flags);
	local_irq_enable();
	probe(&snap, 0);
	local_irq_restore(flags);
	pv_regs_compare(t, name, &snap, 0, false, keeps_ret);
}

static void test_safe_halt_keeps_registers(struct ktest *t)
{
	check_halt_probe(t, "safe_halt/ret", pv_probe_safe_halt_ret, false);
	check_halt_probe(t, "safe_halt/none", pv_probe_safe_halt_none, true);
}

static void test_halt_keeps_registers(struct ktest *t)
{
	check_halt_probe(t, "halt/ret", pv_probe_halt_ret, false);
	check_halt_probe(t, "halt/none", pv_probe_halt_none, true);
}

static void test_save_fl_result_is_flags(struct ktest *t)
{
	struct reg_snapshot snap;
	unsigned long flags;

	local_irq_save(flags);
	pv_probe_save_fl_ret(&snap, flags);
	local_irq_restore(flags);
	/* Interrupts were off when the probe ran. */
	KEXPECT_EQ(t, 0, snap.r[REG_AX] & X86_EFLAGS_IF);
	pv_probe_save_fl_ret(&snap, 0);
	KEXPECT_EQ(t, X86_EFLAGS_IF, snap.r[REG_AX] & X86_EFLAGS_IF);
}

/*
 * Destroys every register a C function may (x86_64: rax rcx rdx rsi rdi
 * r8-r11; i386: eax ecx edx), whether or not today's ops touch them all,
 * so that its callee-save thunk must save each one to pass.
 */
void pv_regs_thrash(void);
void pv_regs_thrash(void)
{
	pv_probe_hits++;
#ifdef __x86_64__
	asm volatile("movabs $0xdeadc0dedeadc0de, %%rax\n\t"
		     "mov %%rax, %%rcx\n\tmov %%rax, %%rdx\n\tmov %%rax, %%rsi\n\t"
		     "mov %%rax, %%rdi\n\tmov %%rax, %%r8\n\tmov %%rax, %%r9\n\t"
		     "mov %%rax, %%r10\n\tmov %%rax, %%r11"
		     ::: "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11");
#else
	asm volatile("mov $0xdeadc0de, %%eax\n\tmov %%eax, %%ecx\n\tmov %%eax, %%edx"
		     ::: "eax", "ecx", "edx");
#endif
}
PV_CALLEE_SAVE_REGS_THUNK(pv_regs_thrash);

/* The thunk keeps what its C function destroys: all but the return register. */
static void test_thunk_keeps_registers(struct ktest *t)
{
	struct reg_snapshot snap = { 0 };
	unsigned long before = pv_probe_hits;

	pv_probe_thunk(&snap, 0);
	pv_regs_compare(t, "thunk", &snap, 0, false, false);
	/* The C function ran inside the probe, once. */
	KEXPECT_EQ(t, before + 1, snap.hits);
	/* rax, which the thunk may lose, shows the destruction happened. */
	KEXPECT_NE(t, CANARY(REG_AX), snap.r[REG_AX]);
}

static const struct ktest_case pv_regs_cases[] = {
	KTEST_CASE(test_save_fl_keeps_registers),
	KTEST_CASE(test_restore_fl_keeps_registers),
	KTEST_CASE(test_irq_disable_keeps_registers),
	KTEST_CASE(test_irq_enable_keeps_registers),
	KTEST_CASE(test_safe_halt_keeps_registers),
	KTEST_CASE(test_halt_keeps_registers),
	KTEST_CASE(test_save_fl_result_is_flags),
	KTEST_CASE(test_thunk_keeps_registers),
	{},
};
KTEST_SUITE_EACH_CPU(pv_regs, pv_regs_cases, NULL);
