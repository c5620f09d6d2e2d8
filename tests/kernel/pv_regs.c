/*
 * Every op, called through a real site (patched or not), keeps every
 * general register except the return register; a CLBR_NONE site keeps
 * that one too. The probes (pv_regs_*.S) are themselves sites in the table.
 */
#include <asm/irqflags.h>
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

typedef void (*probe_fn)(struct reg_snapshot *out, unsigned long flags);

static void check_probe(struct ktest *t, const char *name, probe_fn probe,
			bool is_restore, bool keeps_ret)
{
	struct reg_snapshot snap;
	unsigned long flags;

	for (unsigned int i = 0; i < NR_PROBE_REGS; i++)
		snap.r[i] = 0;
	local_irq_save(flags);
	probe(&snap, flags);
	local_irq_restore(flags);

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
		if (snap.r[i] != want)
			KTEST_FAIL(t, "%s: %s changed from 0x%lx to 0x%lx", name, reg_names[i],
				   want, snap.r[i]);
	}
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

static const struct ktest_case pv_regs_cases[] = {
	KTEST_CASE(test_save_fl_keeps_registers),
	KTEST_CASE(test_restore_fl_keeps_registers),
	KTEST_CASE(test_irq_disable_keeps_registers),
	KTEST_CASE(test_irq_enable_keeps_registers),
	KTEST_CASE(test_save_fl_result_is_flags),
	{},
};
KTEST_SUITE(pv_regs, pv_regs_cases, NULL);
