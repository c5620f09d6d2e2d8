/*
 * After the xen backend patched the kernel, every irq_disable site that is
 * long enough holds one store of 1 to the current vCPU's upcall mask,
 * through the per-CPU segment, and every other site is a direct call to
 * the installed op, padded with NOPs. The expected bytes are worked out
 * here from the instruction encodings and the addresses, not asked of the
 * backend.
 */
#include <asm/paravirt.h>
#include <pvkern/ktest.h>
#include <pvkern/smp.h>
#include <pvkern/string.h>
#include <pvops/backend.h>
#include <pvops/xen.h>
#include <xen-guest/xen.h>
#include "mmu_expect.h"
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

/*
 * movb $1, %gs:mask(%rip) (x86_64: 65 c6 05 rel32 01) or %fs:mask (i386:
 * 64 c6 05 abs32 01), mask being the per-CPU template's: this vCPU's mask
 * through the segment.
 */
#define MASK_STORE_LEN 8

static void expect_mask_store(u8 *e, unsigned long site)
{
	unsigned long mask = (unsigned long)&xen_vcpu_info.evtchn_upcall_mask;

#ifdef __x86_64__
	e[0] = 0x65;
	put32(e + 3, (u32)(mask - (site + MASK_STORE_LEN)));
#else
	e[0] = 0x64;
	put32(e + 3, (u32)mask);
#endif
	e[1] = 0xc6;
	e[2] = 0x05;
	e[7] = 0x01;
}

/* the CPU's NOPs, then call rel32 ending the site (it returns to the site's end) */
static void expect_call(u8 *e, unsigned long site, unsigned int len, const void *target)
{
	expected_nops_of(expected_nops_kind(), e, len - 5);
	e[len - 5] = 0xe8;
	put32(e + len - 4, (u32)((unsigned long)target - (site + len)));
}

static bool inline_store_fits(const struct paravirt_patch_site *p)
{
	return p->type == PV_IRQ_irq_disable && p->len >= MASK_STORE_LEN;
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
		/* C in both flavours (halt.c) */
		[PV_IRQ_safe_halt] = __raw_callee_save_xen_safe_halt,
		[PV_IRQ_halt] = __raw_callee_save_xen_halt,
	};
	static const void *const c_thunks[PV_IRQ_NR] = {
		[PV_IRQ_save_fl] = __raw_callee_save_xen_save_fl,
		[PV_IRQ_restore_fl] = __raw_callee_save_xen_restore_fl,
		[PV_IRQ_irq_disable] = __raw_callee_save_xen_irq_disable,
		[PV_IRQ_irq_enable] = __raw_callee_save_xen_irq_enable,
		[PV_IRQ_safe_halt] = __raw_callee_save_xen_safe_halt,
		[PV_IRQ_halt] = __raw_callee_save_xen_halt,
	};

	return strcmp(xen_irq_ops_flavour(), "c") == 0 ? c_thunks[type] : asm_ops[type];
}

/* The hypercall op an mmu site calls once patched, by symbol. */
static const void *xen_mmu_op(const struct paravirt_patch_site *p)
{
	static const void *const ops[PV_MMU_NR] = {
		xen_set_pte, xen_flush_tlb_one, xen_read_cr3, xen_write_cr3,
	};

	return ops[p->type - MMU_TYPE_FIRST];
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
		disables += inline_store_fits(p);
	/* The C and asm sites are as long as the macros make them. */
	if (MASK_STORE_LEN <= PARAVIRT_CALL_LEN)
		KEXPECT_GT(t, disables, 0);
	KEXPECT_EQ(t, records, st->sites);
	KEXPECT_EQ(t, disables, st->count[PV_SITE_INLINE]);
	KEXPECT_EQ(t, records - disables, st->count[PV_SITE_DIRECT_CALL]);
	KEXPECT_EQ(t, 0, st->count[PV_SITE_LEFT]);
	KEXPECT_EQ(t, 0, st->count[PV_SITE_REFUSED]);
}

/* What the boot CPU wrote at a site, worked out from the encodings. */
static void expect_site(u8 *e, const struct paravirt_patch_site *p)
{
	unsigned long site = PARAVIRT_SITE_ADDR(p);

	if (is_mmu_site(p)) {
		expect_call(e, site, p->len, xen_mmu_op(p));
	} else if (inline_store_fits(p)) {
		expect_mask_store(e, site);
		expected_nops_of(expected_nops_kind(), e + MASK_STORE_LEN, p->len - MASK_STORE_LEN);
	} else {
		expect_call(e, site, p->len, installed_target(p->type));
	}
}

static void test_site_bytes(struct ktest *t)
{
	unsigned int bad = 0;

	for (const struct paravirt_patch_site *p = __parainstructions_start;
	     p < __parainstructions_end; p++) {
		unsigned long site = PARAVIRT_SITE_ADDR(p);
		u8 e[PARAVIRT_SITE_MAX];

		KASSERT_EQ(t, PARAVIRT_CALL_LEN, p->len);
		expect_site(e, p);
		if (memcmp((const void *)site, e, p->len) != 0 && bad++ < 4) {
			KTEST_FAIL(t, "site 0x%lx (%s)", site, paravirt_op_name(p->type));
			KEXPECT_MEMEQ(t, e, (const void *)site, p->len);
		}
	}
	KEXPECT_EQ(t, 0, bad);
}

struct cpu_sites {
	unsigned int sites, bad;
	unsigned long first_bad;
};

/* Runs on another vCPU: the sites as that vCPU fetches them. */
static void check_sites_here(void *arg)
{
	struct cpu_sites *r = arg;

	for (const struct paravirt_patch_site *p = __parainstructions_start;
	     p < __parainstructions_end; p++) {
		u8 e[PARAVIRT_SITE_MAX];

		r->sites++;
		if (p->len > sizeof(e))
			continue; /* test_site_bytes names it */
		expect_site(e, p);
		if (memcmp((const void *)PARAVIRT_SITE_ADDR(p), e, p->len) != 0 && !r->bad++)
			r->first_bad = PARAVIRT_SITE_ADDR(p);
	}
}

/* Patched once on the boot vCPU, before the others started: each sees the result. */
static void test_each_vcpu_reads_the_patched_sites(struct ktest *t)
{
	unsigned int records = __parainstructions_end - __parainstructions_start;

	for (unsigned int cpu = 1; cpu < NR_CPUS; cpu++) {
		struct cpu_sites r = { 0 };

		if (!smp_call_on_cpu(cpu, check_sites_here, &r))
			continue;
		KEXPECT_EQ(t, records, r.sites);
		if (r.bad)
			KTEST_FAIL(t, "vCPU %u sees %u sites other than patched, the first at 0x%lx", cpu,
				   r.bad, r.first_bad);
	}
}

static const struct ktest_case xen_sites_cases[] = {
	KTEST_CASE(test_installed_ops_are_xen_ops),
	KTEST_CASE(test_counts),
	KTEST_CASE(test_site_bytes),
	KTEST_CASE(test_each_vcpu_reads_the_patched_sites),
	{},
};
KTEST_SUITE(xen_sites, xen_sites_cases, xen_sites_skip);
