/*
 * Which NOPs the patcher pads sites with on this CPU.
 *
 * The long NOP (0f 1f /0) is architectural on every x86_64 CPU. On IA-32,
 * Intel's manual promises it for family 6 and 15 (P6 and later) and AMD has
 * it from the K7 (family 6) on; Pentium-class chips (family 5: Pentium,
 * Quark, Geode, Vortex86, K6) and 486s lack it, and so do some family-6
 * parts of other vendors (VIA C3, Cyrix MII). Probing by executing it is no
 * test: virtualisers and emulators may run it where the real chip would
 * not. So a 32-bit kernel uses the long NOPs only on an Intel or AMD (or
 * Hygon) CPU of family 6 or later, as CPUID reports it, and otherwise the
 * P5-safe forms.
 */
#include <asm/cpuid.h>
#include <pvkern/string.h>
#include <pvops/patch.h>

#ifdef PV_TARGET_X86_64
enum paravirt_nops paravirt_nops_for_cpu(const struct x86_cpu_ident *c)
{
	return PV_NOPS_P6;
}
#else
static const char *const long_nop_vendors[] = {
	"GenuineIntel",
	"AuthenticAMD",
	"HygonGenuine",
};

enum paravirt_nops paravirt_nops_for_cpu(const struct x86_cpu_ident *c)
{
	if (!c->has_cpuid || c->family < 6)
		return PV_NOPS_P5;
	for (size_t i = 0; i < sizeof(long_nop_vendors) / sizeof(long_nop_vendors[0]); i++)
		if (strcmp(c->vendor, long_nop_vendors[i]) == 0)
			return PV_NOPS_P6;
	return PV_NOPS_P5;
}
#endif

#ifndef KTEST_HOST
#include <pvkern/printk.h>

void paravirt_choose_nops(void)
{
	struct x86_cpu_ident c;
	enum paravirt_nops kind;

	x86_cpu_identify(&c);
	kind = paravirt_nops_for_cpu(&c);
	paravirt_select_nops(kind);
	if (c.has_cpuid)
		printk("pvops: CPU %s family %u model %u: NOPs %s\n", c.vendor, c.family,
		       c.model, paravirt_nops_names[kind]);
	else
		printk("pvops: CPU without CPUID: NOPs %s\n", paravirt_nops_names[kind]);
}
#endif
