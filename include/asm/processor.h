/* CPU instructions that are not about the interrupt flag. */
#ifndef ASM_PROCESSOR_H
#define ASM_PROCESSOR_H

#include <pvkern/types.h>

#define X86_EFLAGS_TF 0x100UL /* trap flag: #DB after every instruction */
#define X86_EFLAGS_IF 0x200UL
#define X86_EFLAGS_IOPL 0x3000UL

static inline u64 rdtsc(void)
{
	u32 lo, hi;
	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}

static inline void cpu_relax(void)
{
	asm volatile("pause" ::: "memory");
}

/*
 * CPUID serialises the instruction stream on every x86 CPU, so code
 * written to memory just before is what runs next.
 */
static inline void sync_core(void)
{
	u32 a = 0, b, c = 0, d;
	asm volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d)::"memory");
}

static inline u64 rdmsr(u32 msr)
{
	u32 lo, hi;
	asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((u64)hi << 32) | lo;
}

static inline void wrmsr(u32 msr, u64 v)
{
	asm volatile("wrmsr" ::"c"(msr), "a"((u32)v), "d"((u32)(v >> 32)) : "memory");
}

static inline unsigned long read_cr2(void)
{
	unsigned long v;
	asm volatile("mov %%cr2, %0" : "=r"(v));
	return v;
}

#endif
