/*
 * pv_mmu_ops call sites: page-table writes, TLB flushes and CR3, each an
 * indirect call through its slot with a record in .parainstructions, as
 * the irq ops' (<asm/paravirt.h>). The ops are ordinary C functions, so a
 * site may lose every caller-saved register (CLBR_C_CALL); the native
 * backend patches each into the one instruction it stands for.
 */
#ifndef ASM_PARAVIRT_MMU_H
#define ASM_PARAVIRT_MMU_H

#include <asm/paravirt.h>

#define paravirt_mmu_type(op) \
	[paravirt_type] "i"(PV_MMU_##op), [paravirt_slot] "i"(&pv_mmu_ops.op)

#ifdef __x86_64__
static inline void set_pte(u64 *ptep, u64 val)
{
	unsigned long di = (unsigned long)ptep, si = val, ax;

	asm volatile(PARAVIRT_CALL
		     : "=a"(ax), "+D"(di), "+S"(si)
		     : paravirt_mmu_type(set_pte), paravirt_clobber(CLBR_C_CALL)
		     : "memory", "cc", "rcx", "rdx", "r8", "r9", "r10", "r11");
}

static inline void flush_tlb_one(unsigned long addr)
{
	unsigned long ax;

	asm volatile(PARAVIRT_CALL
		     : "=a"(ax), "+D"(addr)
		     : paravirt_mmu_type(flush_tlb_one), paravirt_clobber(CLBR_C_CALL)
		     : "memory", "cc", "rcx", "rdx", "rsi", "r8", "r9", "r10", "r11");
}

static inline unsigned long read_cr3(void)
{
	unsigned long ax;

	asm volatile(PARAVIRT_CALL
		     : "=a"(ax)
		     : paravirt_mmu_type(read_cr3), paravirt_clobber(CLBR_C_CALL)
		     : "memory", "cc", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11");
	return ax;
}

static inline void write_cr3(unsigned long cr3)
{
	unsigned long ax;

	asm volatile(PARAVIRT_CALL
		     : "=a"(ax), "+D"(cr3)
		     : paravirt_mmu_type(write_cr3), paravirt_clobber(CLBR_C_CALL)
		     : "memory", "cc", "rcx", "rdx", "rsi", "r8", "r9", "r10", "r11");
}
#else
/* -mregparm=3: the pointer in eax, a 64-bit value in edx (low) and ecx (high). */
static inline void set_pte(u64 *ptep, u64 val)
{
	unsigned long ax = (unsigned long)ptep, dx = (u32)val, cx = (u32)(val >> 32);

	asm volatile(PARAVIRT_CALL
		     : "+a"(ax), "+d"(dx), "+c"(cx)
		     : paravirt_mmu_type(set_pte), paravirt_clobber(CLBR_C_CALL)
		     : "memory", "cc");
}

static inline void flush_tlb_one(unsigned long addr)
{
	unsigned long dx, cx;

	asm volatile(PARAVIRT_CALL
		     : "+a"(addr), "=d"(dx), "=c"(cx)
		     : paravirt_mmu_type(flush_tlb_one), paravirt_clobber(CLBR_C_CALL)
		     : "memory", "cc");
}

static inline unsigned long read_cr3(void)
{
	unsigned long ax, dx, cx;

	asm volatile(PARAVIRT_CALL
		     : "=a"(ax), "=d"(dx), "=c"(cx)
		     : paravirt_mmu_type(read_cr3), paravirt_clobber(CLBR_C_CALL)
		     : "memory", "cc");
	return ax;
}

static inline void write_cr3(unsigned long cr3)
{
	unsigned long dx, cx;

	asm volatile(PARAVIRT_CALL
		     : "+a"(cr3), "=d"(dx), "=c"(cx)
		     : paravirt_mmu_type(write_cr3), paravirt_clobber(CLBR_C_CALL)
		     : "memory", "cc");
}
#endif

#endif
