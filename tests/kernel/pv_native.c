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
};

/*
 * Which of the two this CPU must get, read from CPUID here: Intel or AMD
 * of family 6 or later have the long NOPs, nothing else is trusted to.
 */
static bool cpu_has_long_nops(struct ktest *t)
{
	u32 a = 0, b, c = 0, d, family;
	char vendor[13];

	asm volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	memcpy(vendor, &b, 4);
	memcpy(vendor + 4, &d, 4);
	memcpy(vendor + 8, &c, 4);
	vendor[12] = '\0';
	a = 1;
	c = 0;
	asm volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	family = (a >> 8) & 0xf;
	printk("    # CPU %s, CPUID.1:EAX 0x%08x (family %u)\n", vendor, a, family);
	return family >= 6 && (strcmp(vendor, "GenuineIntel") == 0 ||
			       strcmp(vendor, "AuthenticAMD") == 0);
}
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

#ifdef __i386__
	if (!cpu_has_long_nops(t))
		want = expected_p5;
#endif
	for (const struct paravirt_patch_site *p = __parainstructions_start;
	     p < __parainstructions_end; p++) {
		const u8 *site = (const u8 *)PARAVIRT_SITE_ADDR(p);

		KASSERT_EQ(t, PARAVIRT_CALL_LEN, p->len);
		if (memcmp(site, want[p->type], p->len) != 0) {
			KTEST_FAIL(t, "site 0x%lx (%s)", (unsigned long)site,
				   paravirt_op_names[p->type]);
			KEXPECT_MEMEQ(t, want[p->type], site, p->len);
		}
	}
}

static const struct ktest_case pv_native_cases[] = {
	KTEST_CASE(test_every_site_inline),
	KTEST_CASE(test_site_bytes_are_native_instructions),
	{},
};
KTEST_SUITE(pv_native, pv_native_cases, pv_native_skip);
