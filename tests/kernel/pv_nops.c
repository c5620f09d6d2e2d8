/*
 * The NOPs the patcher pads with: which kind each class of CPU gets (from
 * hand-written CPUID values), and the P5-safe bytes at every length,
 * spelled out here apart from the patcher's table. Runs in the kernel and
 * in the host tests.
 */
#include <asm/cpuid.h>
#include <pvkern/ktest.h>
#include <pvkern/string.h>
#include <pvops/patch.h>
#include "nop_bytes.h"

struct cpu_class {
	const char *what;
	bool has_cpuid;
	const char *vendor;
	unsigned int family, model;
	bool long_nops; /* what an i386 kernel may use; x86_64 always may */
};

static const struct cpu_class classes[] = {
	{ "386/486 without CPUID", false, "", 0, 0, false },
	{ "i486DX4", true, "GenuineIntel", 4, 8, false },
	{ "Pentium (QEMU -cpu pentium)", true, "GenuineIntel", 5, 2, false },
	{ "Pentium MMX", true, "GenuineIntel", 5, 4, false },
	{ "Quark X1000", true, "GenuineIntel", 5, 9, false },
	{ "AMD K6-2", true, "AuthenticAMD", 5, 8, false },
	{ "AMD Geode LX", true, "AuthenticAMD", 5, 10, false },
	{ "Vortex86DX", true, "Vortex86 SoC", 5, 2, false },
	{ "VIA C3 (family 6, no NOPL)", true, "CentaurHauls", 6, 9, false },
	{ "Cyrix MII (family 6, no NOPL)", true, "CyrixInstead", 6, 0, false },
	{ "Pentium Pro", true, "GenuineIntel", 6, 1, true },
	{ "Pentium II (QEMU -cpu pentium2)", true, "GenuineIntel", 6, 5, true },
	{ "QEMU's default qemu32", true, "GenuineIntel", 6, 6, true },
	{ "Athlon (K7)", true, "AuthenticAMD", 6, 2, true },
	{ "Pentium 4", true, "GenuineIntel", 15, 2, true },
	{ "Zen (family 0x17)", true, "AuthenticAMD", 0x17, 1, true },
	{ "Hygon Dhyana", true, "HygonGenuine", 0x18, 0, true },
};

static void test_nops_by_cpu_class(struct ktest *t)
{
	for (size_t i = 0; i < sizeof(classes) / sizeof(classes[0]); i++) {
		const struct cpu_class *k = &classes[i];
		struct x86_cpu_ident c = { .has_cpuid = k->has_cpuid, .family = k->family,
					   .model = k->model };
		enum paravirt_nops want = PV_NOPS_P6;

#ifdef PV_TARGET_I386
		if (!k->long_nops)
			want = PV_NOPS_P5;
#endif
		memcpy(c.vendor, k->vendor, strlen(k->vendor) + 1);
		if (!KEXPECT_EQ(t, want, paravirt_nops_for_cpu(&c)))
			KTEST_FAIL(t, "for %s", k->what);
	}
}

static void test_cpuid_signature_decoding(struct ktest *t)
{
	static const struct {
		u32 eax;
		unsigned int family, model;
	} sigs[] = {
		{ 0x00000525, 5, 2 },    /* Pentium: no extended fields */
		{ 0x00000633, 6, 3 },    /* Pentium II */
		{ 0x000306c3, 6, 0x3c }, /* Haswell: extended model counts */
		{ 0x00000f29, 15, 2 },   /* Pentium 4 */
		{ 0x00800f12, 0x17, 1 }, /* Zen: extended family added to 15 */
		{ 0x000f0590, 5, 9 },    /* Quark-like: ext. model ignored below family 6 */
	};

	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		unsigned int family, model;

		x86_cpu_decode_signature(sigs[i].eax, &family, &model);
		if (!KEXPECT_EQ(t, sigs[i].family, family) ||
		    !KEXPECT_EQ(t, sigs[i].model, model))
			KTEST_FAIL(t, "CPUID.1:EAX 0x%08x", sigs[i].eax);
	}
}

static void test_p5_nops_at_every_length(struct ktest *t)
{
	enum paravirt_nops was = paravirt_selected_nops();

	paravirt_select_nops(PV_NOPS_P5);
	for (unsigned int n = 1; n <= 20; n++) {
		u8 got[24], want[24];

		memset(got, 0xcc, sizeof(got));
		memset(want, 0xcc, sizeof(want));
		expected_nops_of(PV_NOPS_P5, want, n);
		paravirt_fill_nops(got, n);
		if (!KEXPECT_MEMEQ(t, want, got, sizeof(got)))
			KTEST_FAIL(t, "for %u bytes of P5 NOPs", n);
		/* No 0f escape at all: nothing a Pentium lacks. */
		for (unsigned int i = 0; i < n; i++)
			if (got[i] == 0x0f)
				KTEST_FAIL(t, "0f at byte %u of %u", i, n);
	}
	paravirt_select_nops(was);
}

static const struct ktest_case pv_nops_cases[] = {
	KTEST_CASE(test_nops_by_cpu_class),
	KTEST_CASE(test_cpuid_signature_decoding),
	KTEST_CASE(test_p5_nops_at_every_length),
	{},
};
KTEST_SUITE(pv_nops, pv_nops_cases, NULL);
