/*
 * The lguest-style backend's sites after boot. The expected bytes are
 * encoded here by hand from the instruction set, apart from the backend's
 * patch(), so that a wrong encoder cannot agree with itself:
 *
 *   irq_disable  movb $0, %fs:flag+1   i386 64 c6 05 abs32 00
 *                movb $0, %gs:flag+1   x86_64 65 c6 05 rel32 00
 *   save_fl      mov %fs:flag, %eax    i386 64 a1 abs32
 *                mov %gs:flag, %eax    x86_64 65 8b 05 rel32
 *   irq_enable, restore_fl,        e8 rel32 to the installed op
 *   safe_halt, halt
 *
 * each padded to the site's 8 bytes with the CPU's NOPs (nop_bytes.h), and
 * with pv.nopatch every site is still 3e ff 14 25 and its slot's address.
 */
#include <asm/irqflags.h>
#include <asm/paravirt.h>
#include <asm/processor.h>
#include <pvkern/percpu.h>
#include <pvkern/ktest.h>
#include <pvkern/string.h>
#include <pvops/backend.h>
#include <pvops/lguest.h>
#include "mmu_expect.h"
#include "nop_bytes.h"
#include "pv_expect.h"

extern char __text_start[], __text_end[];

#define for_each_site(p) \
	for (const struct paravirt_patch_site *p = __parainstructions_start; \
	     p < __parainstructions_end; p++)

static const char *lguest_sites_skip(void)
{
	return pv_backend_active() == &lguest_backend ? NULL : "needs pv.backend=lguest";
}

static void le32(u8 *p, unsigned long v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (u8)(v >> (8 * i));
}

/* The backend's asm ops, by symbol. */
static const void *lguest_op(unsigned int type)
{
	static const void *const ops[PV_IRQ_NR] = {
		[PV_IRQ_save_fl] = lguest_save_fl_op,
		[PV_IRQ_restore_fl] = lguest_restore_fl_op,
		[PV_IRQ_irq_disable] = lguest_irq_disable_op,
		[PV_IRQ_irq_enable] = lguest_irq_enable_op,
		[PV_IRQ_safe_halt] = lguest_safe_halt_op,
		[PV_IRQ_halt] = lguest_halt_op,
	};

	return ops[type];
}

/* The asm ops are what the sites call (in PV_DEBUG, through its trampolines). */
static void test_installed_ops(struct ktest *t)
{
	for (unsigned int type = 0; type < PV_IRQ_NR; type++) {
		KEXPECT_EQ(t, (unsigned long)pv_expected_callee(type, lguest_op(type)),
			   (unsigned long)pv_slot(type));
		KEXPECT_EQ(t, (unsigned long)lguest_op(type), (unsigned long)pv_op_behind_slot(type));
	}
}

/* What the site of this record must hold now. */
static void expected_bytes(const struct paravirt_patch_site *p, u8 *e)
{
	unsigned long site = PARAVIRT_SITE_ADDR(p);
	unsigned long flag = (unsigned long)&lguest_irq_enabled;

	unsigned int n;

	if (is_mmu_site(p)) { /* native's ops, patched as native's */
		if (pv_patching_enabled())
			mmu_native_site_bytes(p, e);
		else
			mmu_unpatched_site_bytes(p, e);
		return;
	}
	memset(e, 0x90, p->len);
	if (!pv_patching_enabled()) {
		e[0] = 0x3e, e[1] = 0xff, e[2] = 0x14, e[3] = 0x25;
		le32(e + 4, (unsigned long)&pv_irq_ops + p->type * sizeof(void *));
		return;
	}
	switch (p->type) {
	case PV_IRQ_irq_disable:
#ifdef __x86_64__
		e[0] = 0x65, e[1] = 0xc6, e[2] = 0x05, e[7] = 0x00;
		le32(e + 3, flag + 1 - (site + 8)); /* relative to the next instruction */
#else
		e[0] = 0x64, e[1] = 0xc6, e[2] = 0x05, e[7] = 0x00;
		le32(e + 3, flag + 1);
#endif
		n = 8;
		break;
	case PV_IRQ_save_fl:
#ifdef __x86_64__
		e[0] = 0x65, e[1] = 0x8b, e[2] = 0x05;
		le32(e + 3, flag - (site + 7));
		n = 7;
#else
		e[0] = 0x64, e[1] = 0xa1;
		le32(e + 2, flag);
		n = 6;
#endif
		break;
	default:
		/*
		 * The backend's op, or PV_DEBUG's trampoline in front of it: NOPs,
		 * then the call ending the site (it returns to the site's end).
		 */
		expected_nops_of(expected_nops_kind(), e, p->len - 5);
		e[p->len - 5] = 0xe8;
		le32(e + p->len - 4, (unsigned long)pv_expected_callee(p->type, lguest_op(p->type)) -
					     (site + p->len));
		return;
	}
	expected_nops_of(expected_nops_kind(), e + n, p->len - n);
}

static void test_outcome_counts(struct ktest *t)
{
	const struct paravirt_patch_stats *st = pv_patch_stats();
	unsigned int memory_ops = 0, calls = 0;

	for_each_site(p) {
		/* an mmu site becomes one native instruction, like a memory op */
		if (p->type == PV_IRQ_irq_disable || p->type == PV_IRQ_save_fl || is_mmu_site(p))
			memory_ops++;
		else
			calls++;
	}
	KEXPECT_GT(t, memory_ops, 0);
	KEXPECT_GT(t, calls, 0);
	KEXPECT_EQ(t, 0, st->count[PV_SITE_REFUSED]);
	if (pv_patching_enabled()) {
		KEXPECT_EQ(t, memory_ops, st->count[PV_SITE_INLINE]);
		KEXPECT_EQ(t, calls, st->count[PV_SITE_DIRECT_CALL]);
		KEXPECT_EQ(t, 0, st->count[PV_SITE_LEFT]);
	} else {
		KEXPECT_EQ(t, memory_ops + calls, st->count[PV_SITE_LEFT]);
	}
}

static void test_site_bytes(struct ktest *t)
{
	unsigned int checked = 0;

	for_each_site(p) {
		const u8 *site = (const u8 *)PARAVIRT_SITE_ADDR(p);
		u8 e[PARAVIRT_SITE_MAX];

		KASSERT_EQ(t, PARAVIRT_CALL_LEN, p->len);
		expected_bytes(p, e);
		if (memcmp(site, e, p->len) != 0) {
			KTEST_FAIL(t, "site 0x%lx (%s)", (unsigned long)site,
				   paravirt_op_name(p->type));
			KEXPECT_MEMEQ(t, e, site, p->len);
		}
		checked++;
	}
	KEXPECT_GT(t, checked, 0);
}

/* TCG treats a store into a code page as self-modifying code. */
static void test_flag_not_on_a_code_page(struct ktest *t)
{
	unsigned long last_code_page = ((unsigned long)__text_end - 1) & ~0xfffUL;

	KEXPECT_GT(t, (unsigned long)&lguest_irq_enabled & ~0xfffUL, last_code_page);
	KEXPECT_GT(t, (unsigned long)&lguest_irq_pending & ~0xfffUL, last_code_page);
}

/* The ops move the word in memory, and only it: the real IF stays on. */
static void test_ops_move_the_flag_word(struct ktest *t)
{
	unsigned long outer, inner;

	KASSERT_EQ(t, X86_EFLAGS_IF, this_cpu_read(lguest_irq_enabled));
	local_irq_disable();
	KEXPECT_EQ(t, 0, this_cpu_read(lguest_irq_enabled));
	KEXPECT_EQ(t, 0, arch_local_save_flags());
	local_irq_enable();
	KEXPECT_EQ(t, X86_EFLAGS_IF, this_cpu_read(lguest_irq_enabled));
	KEXPECT_EQ(t, X86_EFLAGS_IF, arch_local_save_flags());

	local_irq_save(outer);
	local_irq_save(inner);
	KEXPECT_EQ(t, 0, this_cpu_read(lguest_irq_enabled));
	local_irq_restore(inner);
	KEXPECT_EQ(t, 0, this_cpu_read(lguest_irq_enabled));
	local_irq_restore(outer);
	KEXPECT_EQ(t, X86_EFLAGS_IF, this_cpu_read(lguest_irq_enabled));
	KEXPECT_EQ(t, X86_EFLAGS_IF, outer);
	KEXPECT_EQ(t, 0, inner);
	/* restore_fl keeps only IF of what it is given */
	arch_local_irq_restore(~0UL);
	KEXPECT_EQ(t, X86_EFLAGS_IF, this_cpu_read(lguest_irq_enabled));
	KEXPECT_EQ(t, X86_EFLAGS_IF, lguest_real_irq_flag());
}

static const struct ktest_case lguest_sites_cases[] = {
	KTEST_CASE(test_installed_ops),
	KTEST_CASE(test_outcome_counts),
	KTEST_CASE(test_site_bytes),
	KTEST_CASE(test_flag_not_on_a_code_page),
	KTEST_CASE(test_ops_move_the_flag_word),
	{},
};
KTEST_SUITE(lguest_sites, lguest_sites_cases, lguest_sites_skip);
