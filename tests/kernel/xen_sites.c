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
}

/* call rel32, then the 2-byte NOP */
static void expect_call(u8 *e, unsigned long site, const void *target)
{
	e[0] = 0xe8;
	put32(e + 1, (u32)((unsigned long)target - (site + 5)));
	e[5] = 0x66;
	e[6] = 0x90;
}

/* What the installed flavour's op of this type is, by name. */
static const void *installed_target(u8 type)
{
	bool c = strcmp(xen_irq_ops_flavour(), "c") == 0;
	const struct pv_irq_ops *ops = c ? &xen_irq_ops_c : &xen_irq_ops_asm;
	const struct paravirt_callee_save *slots = (const void *)ops;

	return slots[type].func;
}

static void test_installed_ops_are_xen_ops(struct ktest *t)
{
	bool c = strcmp(xen_irq_ops_flavour(), "c") == 0;

	if (c) {
		extern char __raw_callee_save_xen_irq_enable[];

		KEXPECT_EQ(t, (unsigned long)__raw_callee_save_xen_irq_enable,
			   (unsigned long)pv_irq_ops.irq_enable.func);
	} else {
		KEXPECT_EQ(t, (unsigned long)xen_irq_enable_direct,
			   (unsigned long)pv_irq_ops.irq_enable.func);
	}
	KEXPECT_EQ(t, 0, memcmp(&pv_irq_ops, c ? &xen_irq_ops_c : &xen_irq_ops_asm,
				sizeof(pv_irq_ops)));
}

static void test_counts(struct ktest *t)
{
	const struct paravirt_patch_stats *st = pv_patch_stats();
	unsigned int disables = 0;

	for (const struct paravirt_patch_site *p = __parainstructions_start;
	     p < __parainstructions_end; p++)
		disables += p->type == PV_IRQ_irq_disable;
	KEXPECT_GT(t, disables, 0);
	KEXPECT_EQ(t, disables, st->count[PV_SITE_INLINE]);
	KEXPECT_EQ(t, st->sites - disables, st->count[PV_SITE_DIRECT_CALL]);
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
