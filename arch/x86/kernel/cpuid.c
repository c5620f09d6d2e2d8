/* Reads the CPU's identity (see <asm/cpuid.h>). */
#include <asm/cpuid.h>
#include <pvkern/string.h>

#define X86_EFLAGS_ID (1ul << 21)

static void cpuid(u32 leaf, u32 *a, u32 *b, u32 *c, u32 *d)
{
	asm volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "a"(leaf), "c"(0));
}

/* CPUID exists when software can flip EFLAGS.ID (every 64-bit CPU can). */
static bool cpu_has_cpuid(void)
{
#ifdef __x86_64__
	return true;
#else
	unsigned long before, after;

	asm volatile("pushfl\n\t"
		     "pushfl\n\t"
		     "popl %0\n\t"
		     "movl %0, %1\n\t"
		     "xorl %2, %0\n\t"
		     "pushl %0\n\t"
		     "popfl\n\t"
		     "pushfl\n\t"
		     "popl %0\n\t"
		     "popfl"
		     : "=&r"(after), "=&r"(before)
		     : "i"(X86_EFLAGS_ID)
		     : "cc");
	return (after ^ before) & X86_EFLAGS_ID;
#endif
}

void x86_cpu_identify(struct x86_cpu_ident *c)
{
	u32 a, b, cx, d;

	memset(c, 0, sizeof(*c));
	c->has_cpuid = cpu_has_cpuid();
	if (!c->has_cpuid)
		return;
	cpuid(0, &a, &b, &cx, &d);
	memcpy(c->vendor, &b, 4);
	memcpy(c->vendor + 4, &d, 4);
	memcpy(c->vendor + 8, &cx, 4);
	if (a < 1)
		return;
	cpuid(1, &a, &b, &cx, &d);
	x86_cpu_decode_signature(a, &c->family, &c->model);
	c->features_edx = d;
}
