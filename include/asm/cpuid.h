/*
 * Who made the CPU, which generation it is and what it has, from CPUID
 * leaves 0 and 1. Used at boot to choose what the CPU can run (the
 * patcher's NOPs, the page-table format).
 */
#ifndef ASM_CPUID_H
#define ASM_CPUID_H

#include <pvkern/types.h>

struct x86_cpu_ident {
	bool has_cpuid;  /* false on a 386 or early 486: nothing else is known */
	char vendor[13]; /* "GenuineIntel", "AuthenticAMD", ... NUL-terminated */
	unsigned int family, model; /* with the extended fields folded in */
	u32 features_edx; /* CPUID.1:EDX, the feature flags (0 without leaf 1) */
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

/* Bits of features_edx. */
#define CPUID1_EDX_PSE (1u << 3) /* 4 MiB pages in two-level tables */
#define CPUID1_EDX_PAE (1u << 6)

void x86_cpu_identify(struct x86_cpu_ident *c);

#endif
