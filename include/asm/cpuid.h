/*
 * Who made the CPU and which generation it is, from CPUID leaves 0 and 1.
 * Used at boot to choose what the CPU can run (the patcher's NOPs).
 */
#ifndef ASM_CPUID_H
#define ASM_CPUID_H

#include <pvkern/types.h>

struct x86_cpu_ident {
	bool has_cpuid;  /* false on a 386 or early 486: nothing else is known */
	char vendor[13]; /* "GenuineIntel", "AuthenticAMD", ... NUL-terminated */
	unsigned int family, model; /* with the extended fields folded in */
};

/* Family and model from CPUID.1:EAX, as Intel's and AMD's manuals define them. */
static inline void x86_cpu_decode_signature(u32 eax, unsigned int *family, unsigned int *model)
{
	unsigned int fam = (eax >> 8) & 0xf, mod = (eax >> 4) & 0xf;

	if (fam == 0xf)
		fam += (eax >> 20) & 0xff;
	if (fam >= 6)
		mod |= ((eax >> 16) & 0xf) << 4;
	*family = fam;
	*model = mod;
}

void x86_cpu_identify(struct x86_cpu_ident *c);

#endif
