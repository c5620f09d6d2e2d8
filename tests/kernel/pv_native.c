/*
 * After the native backend patched the kernel, every site holds the CPU's
 * own instruction followed by NOPs: the bytes are spelled out here, apart
 * from the backend's templates, so a wrong template cannot agree with itself.
 */
#include <asm/paravirt.h>
#include <pvkern/ktest.h>
#include <pvkern/printk.h>
#include <pvkern/string.h>
#include <pvops/backend.h>
#include "mmu_expect.h"

static const u8 expected[PV_IRQ_NR][PARAVIRT_CALL_LEN] = {
	/* pushf; pop %eax/%rax; 6-byte NOP */
	[PV_IRQ_save_fl] = { 0x9c, 0x58, 0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00 },
#ifdef __x86_64__
	/* push %rdi; popfq; 6-byte NOP */
	[PV_IRQ_restore_fl] = { 0x57, 0x9d, 0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00 },
#else
	/* push %eax; popf; 6-byte NOP */
	[PV_IRQ_restore_fl] = { 0x50, 0x9d, 0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00 },
#endif
	/* cli; 7-byte NOP */
	[PV_IRQ_irq_disable] = { 0xfa, 0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00 },
	/* sti; 7-byte NOP */
	[PV_IRQ_irq_enable] = { 0xfb, 0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00 },
	/* sti; hlt; 6-byte NOP */
	[PV_IRQ_safe_halt] = { 0xfb, 0xf4, 0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00 },
	/* hlt; 7-byte NOP */
	[PV_IRQ_halt] = { 0xf4, 0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00 },
};

#ifdef __i386__
/* The same on a CPU without the long NOPs: lea forms only. */
static const u8 expected_p5[PV_IRQ_NR][PARAVIRT_CALL_LEN] = {
	/* pushf; pop %eax; lea 0L(%esi),%esi */
	[PV_IRQ_save_fl] = { 0x9c, 0x58, 0x8d, 0xb6, 0x00, 0x00, 0x00, 0x00 },
	/* push %eax; popf; lea 0L(%esi),%esi */
	[PV_IRQ_restore_fl] = { 0x50, 0x9d, 0x8d, 0xb6, 0x00, 0x00, 0x00, 0x00 },
	/* cli; lea 0L(%esi,%eiz),%esi */
	[PV_IRQ_irq_disable] = { 0xfa, 0x8d, 0xb4, 0x26, 0x00, 0x00, 0x00, 0x00 },
	/* sti; lea 0L(%esi,%eiz),%esi */
	[PV_IRQ_irq_enable] = { 0xfb, 0x8d, 0xb4, 0x26, 0x00, 0x00, 0x00, 0x00 },
	/* sti; hlt; lea 0L(%esi),%esi */
	[PV_IRQ_safe_halt] = { 0xfb, 0xf4, 0x8d, 0xb6, 0x00, 0x00, 0x00, 0x00 },
	/* hlt; lea 0L(%esi,%eiz),%esi */
	[PV_IRQ_halt] = { 0xf4, 0x8d, 0xb4, 0x26, 0x00, 0x00, 0x00, 0x00 },
};
#endif

static const char *pv_native_skip(void)
{
	if (pv_backend_active() != &native_backend)
		return "needs the native backend";
	return pv_patching_enabled() ? NULL : "pv.nopatch: no site is patched";
}

static void test_every_site_inline(struct ktest *t)
{
	const struct paravirt_patch_stats *st = pv_patch_stats();
	unsigned int records = __parainstructions_end - __parainstructions_start;

	KEXPECT_EQ(t, records, st->sites);
	KEXPECT_EQ(t, records, st->count[PV_SITE_INLINE]);
	KEXPECT_EQ(t, 0, st->count[PV_SITE_DIRECT_CALL]);
	KEXPECT_EQ(t, 0, st->count[PV_SITE_LEFT]);
	KEXPECT_EQ(t, 0, st->count[PV_SITE_REFUSED]);
}

static void test_site_bytes_are_native_instructions(struct ktest *t)
{
	const u8 (*want)[PARAVIRT_CALL_LEN] = expected;
	unsigned int mmu_sites = 0;
	u8 mmu_bytes[PARAVIRT_SITE_MAX];

#ifdef __i386__
	if (expected_nops_kind() == PV_NOPS_P5)
		want = expected_p5;
#endif
	for (const struct paravirt_patch_site *p = __parainstructions_start;
	     p < __parainstructions_end; p++) {
		const u8 *site = (const u8 *)PARAVIRT_SITE_ADDR(p);
		const u8 *w;

		KASSERT_EQ(t, PARAVIRT_CALL_LEN, p->len);
		if (p->type < PV_IRQ_NR) {
			w = want[p->type];
		} else if (is_mmu_site(p)) {
			mmu_native_site_bytes(p, mmu_bytes);
			w = mmu_bytes;
			mmu_sites++;
		} else {
			KTEST_FAIL(t, "site 0x%lx: unknown type %u", (unsigned long)site, p->type);
			continue;
		}
		if (memcmp(site, w, p->len) != 0) {
			KTEST_FAIL(t, "site 0x%lx (%s)", (unsigned long)site, paravirt_op_name(p->type));
			KEXPECT_MEMEQ(t, w, site, p->len);
		}
	}
	/* text_poke() and the page tables are built on the mmu ops. */
	KEXPECT_GT(t, mmu_sites, 0);
}

static const struct ktest_case pv_native_cases[] = {
	KTEST_CASE(test_every_site_inline),
	KTEST_CASE(test_site_bytes_are_native_instructions),
	{},
};
KTEST_SUITE(pv_native, pv_native_cases, pv_native_skip);
