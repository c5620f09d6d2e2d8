/*
 * The NOPs the patcher may pad with, spelled out for the tests apart from
 * the patcher's own table, indexed by enum paravirt_nops and length.
 */
#ifndef TESTS_KERNEL_NOP_BYTES_H
#define TESTS_KERNEL_NOP_BYTES_H

#include <pvkern/string.h>
#include <pvops/patch.h>

static const u8 nop_bytes[PV_NOPS_NR][9][8] = {
	/* Intel's and AMD's recommended multi-byte NOPs */
	[PV_NOPS_P6] = {
		[1] = { 0x90 },
		[2] = { 0x66, 0x90 },
		[3] = { 0x0f, 0x1f, 0x00 },
		[4] = { 0x0f, 0x1f, 0x40, 0x00 },
		[5] = { 0x0f, 0x1f, 0x44, 0x00, 0x00 },
		[6] = { 0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00 },
		[7] = { 0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00 },
		[8] = { 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00 },
	},
	/* GAS's and 32-bit Linux's generic NOPs: xchg, lea of %esi into itself */
	[PV_NOPS_P5] = {
		[1] = { 0x90 },                                           /* nop */
		[2] = { 0x66, 0x90 },                                     /* xchg %ax,%ax */
		[3] = { 0x8d, 0x76, 0x00 },                               /* lea 0(%esi),%esi */
		[4] = { 0x8d, 0x74, 0x26, 0x00 },                         /* lea 0(%esi,%eiz),%esi */
		[5] = { 0x3e, 0x8d, 0x74, 0x26, 0x00 },                   /* ds lea 0(%esi,%eiz) */
		[6] = { 0x8d, 0xb6, 0x00, 0x00, 0x00, 0x00 },             /* lea 0L(%esi),%esi */
		[7] = { 0x8d, 0xb4, 0x26, 0x00, 0x00, 0x00, 0x00 },       /* lea 0L(%esi,%eiz) */
		[8] = { 0x3e, 0x8d, 0xb4, 0x26, 0x00, 0x00, 0x00, 0x00 }, /* ds lea 0L(%esi,%eiz) */
	},
};

/* n bytes of NOPs of one kind, longest first, as padding is expected to be. */
static inline void expected_nops_of(enum paravirt_nops kind, u8 *p, unsigned int n)
{
	while (n) {
		unsigned int k = n > 8 ? 8 : n;

		memcpy(p, nop_bytes[kind][k], k);
		p += k;
		n -= k;
	}
}

#ifndef KTEST_HOST
/*
 * The kind of NOPs this CPU must get, read from CPUID here: x86_64 always
 * has the long NOPs; on i386 only Intel or AMD of family 6 or later are
 * trusted to have them.
 */
static inline enum paravirt_nops expected_nops_kind(void)
{
#ifdef __x86_64__
	return PV_NOPS_P6;
#else
	u32 a = 0, b, c = 0, d;
	char vendor[13];

	asm volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	memcpy(vendor, &b, 4);
	memcpy(vendor + 4, &d, 4);
	memcpy(vendor + 8, &c, 4);
	vendor[12] = '\0';
	a = 1;
	c = 0;
	asm volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	if (((a >> 8) & 0xf) >= 6 &&
	    (strcmp(vendor, "GenuineIntel") == 0 || strcmp(vendor, "AuthenticAMD") == 0))
		return PV_NOPS_P6;
	return PV_NOPS_P5;
#endif
}
#endif

#endif
