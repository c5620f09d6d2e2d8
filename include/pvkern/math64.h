/* 64-bit division without libgcc, which a 32-bit freestanding build lacks. */
#ifndef PVKERN_MATH64_H
#define PVKERN_MATH64_H

#include <pvkern/types.h>

static inline u64 div_u64_rem(u64 n, u32 d, u32 *rem)
{
#ifdef __i386__
	u32 hi = n >> 32, lo = (u32)n, qhi = hi / d, qlo;

	hi %= d;
	asm("divl %4" : "=a"(qlo), "=d"(*rem) : "a"(lo), "d"(hi), "rm"(d));
	return ((u64)qhi << 32) | qlo;
#else
	*rem = n % d;
	return n / d;
#endif
}

static inline u64 div_u64(u64 n, u32 d)
{
	u32 rem;

	return div_u64_rem(n, d, &rem);
}

#endif
