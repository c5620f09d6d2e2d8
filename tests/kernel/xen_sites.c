/*
 * After the xen backend patched the kernel, every irq_disable site is one
 * store of 1 to the boot vCPU's upcall mask, and every other site is a
 * direct call to the installed op, padded with a NOP. The expected bytes
 * are worked out here from the instruction encodings and the addresses,
 * not asked of the backend.
 */
#include <asm/paravirt.h>
#include <pvkern/ktest.h>
#include <pvkern/string.h>
#include <pvops/backend.h>
#include <pvops/xen.h>
#include <xen-guest/xen.h>
#include "nop_bytes.h"
#include "pv_expect.h"

static const char *xen_sites_skip(void)
{
	if (pv_backend_active() != &xen_backend)
		return "needs the xen backend (a Xen PV guest)";
	return pv_patching_enabled() ? NULL : "pv.nopatch: no site is patched";
}

static void put32(u8 *p, u32 v)
{
	memcpy(p, &v, 4);
}

/* movb $1, mask: c6 05 disp32 01 (disp32 absolute on i386, RIP-relative on x86_64) */
static void expect_mask_store(u8 *e, unsigned long site)
{
	unsigned long mask = (unsigned long)&xen_vcpu()->evtchn_upcall_mask;

	e[0] = 0xc6;
	e[1] = 0x05;
#ifdef __x86_64__
	put32(e + 2, (u32)(mask - (site + 7)));
#else
	put32(e + 2, (u32)mask);
#endif
	e[6] = 0x01;
	e[7] = 0x90; /* the site's last byte: a one-byte NOP */
}

/* call rel32, then the CPU's NOPs */
static void expect_call(u8 *e, unsigned long site, const void *target)
{
	e[0] = 0xe8;
	put32(e + 1, (u32)((unsigned long)target - (site + 5)));
	expected_nops_of(expected_nops_kind(), e + 5, PARAVIRT_CALL_LEN - 5);
}

extern char __raw_callee_save_xen_save_fl[], __raw_callee_save_xen_restore_fl[],
	__raw_callee_save_xen_irq_disable[], __raw_callee_save_xen_irq_enable[];

/* The installed flavour's op of this type, by symbol. */
static const void *xen_op(u8 type)
{
	static const void *const asm_ops[PV_IRQ_NR] = {
		[PV_IRQ_save_fl] = xen_save_fl_direct,
		[PV_IRQ_restore_fl] = xen_restore_fl_direct,
		[PV_IRQ_irq_disable] = xen_irq_disable_direct,
		[PV_IRQ_irq_enable] = xen_irq_enable_direct,
	};
	static const void *const c_thunks[PV_IRQ_NR] = {
		[PV_IRQ_save_fl] = __raw_callee_save_xen_save_fl,
		[PV_IRQ_restore_fl] = __raw_callee_save_xen_restore_fl,
		[PV_IRQ_irq_disable] = __raw_callee_save_xen_irq_disable,
		[PV_IRQ_irq_enable] = __raw_callee_save_xen_irq_enable,
	};

	return strcmp(xen_irq_ops_flavour(), "c") == 0 ? c_thunks[type] : asm_ops[type];
}

/* What a patched site of this type calls. */
static const void *installed_target(u8 type)
{
	return pv_expected_callee(type, xen_op(type));
}

static void test_installed_ops_are_xen_ops(struct ktest *t)
{
	for (u8 type = 0; type < PV_IRQ_NR; type++) {
		KEXPECT_EQ(t, (unsigned long)pv_expected_callee(type, xen_op(type)),
			   (unsigned long)pv_slot(type));
		if (!KEXPECT_EQ(t, (unsigned long)xen_op(type),
				(unsigned long)pv_op_behind_slot(type)))
			KTEST_FAIL(t, "%s: not the %s op", paravirt_op_names[type],
				   xen_irq_ops_flavour());
	}
}

static void test_counts(struct ktest *t)
{
	const struct paravirt_patch_stats *st = pv_patch_stats();
	unsigned int records = __parainstructions_end - __parainstructions_start;
	unsigned int disables = 0;

	for (const struct paravirt_patch_site *p = __parainstructions_start;
	     p < __parainstructions_end; p++)
		disables += p->type == PV_IRQ_irq_disable;
	KEXPECT_GT(t, disables, 0);
	KEXPECT_EQ(t, records, st->sites);
	KEXPECT_EQ(t, disables, st->count[PV_SITE_INLINE]);
	KEXPECT_EQ(t, records - disables, st->count[PV_SITE_DIRECT_CALL]);
	KEXPECT_EQ(t, 0, st->count[PV_SITE_LEFT]);
	KEXPECT_EQ(t, 0, st->count[PV_SITE_REFUSED]);
}

static void test_site_bytes(struct ktest *t)
{
	unsigned int bad = 0;

	for (const struct paravirt_patch_site *p = __parainstructions_start;
	     p < __parainstructions_end; p++) {
		unsigned long site = PARAVIRT_SITE_ADDR(p);
		u8 e[PARAVIRT_CALL_LEN];

		KASSERT_EQ(t, PARAVIRT_CALL_LEN, p->len);
		if (p->type == PV_IRQ_irq_disable)
			expect_mask_store(e, site);
		else
			expect_call(e, site, installed_target(p->type));
		if (memcmp((const void *)site, e, sizeof(e)) != 0 && bad++ < 4) {
			KTEST_FAIL(t, "site 0x%lx (%s)", site, paravirt_op_names[p->type]);
			KEXPECT_MEMEQ(t, e, (const void *)site, sizeof(e));
		}
	}
	KEXPECT_EQ(t, 0, bad);
}

static const struct ktest_case xen_sites_cases[] = {
	KTEST_CASE(test_installed_ops_are_xen_ops),
	KTEST_CASE(test_counts),
	KTEST_CASE(test_site_bytes),
	{},
};
KTEST_SUITE(xen_sites, xen_sites_cases, xen_sites_skip);
