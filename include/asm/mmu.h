/*
 * Page-table writes and TLB work as the CPU does them. With CONFIG_PARAVIRT
 * the kernel reaches them through pv_mmu_ops (<asm/paravirt.h>); these are
 * the native forms, and what a no-paravirt kernel uses directly.
 */
#ifndef ASM_MMU_H
#define ASM_MMU_H

#include <asm/pgtable.h>

/*
 * On i386 a 64-bit entry takes two stores: the high half (NX) first, so
 * that no CPU sees a present entry with a stale high half. A two-level
 * table's entry is one 32-bit store.
 */
static inline void native_set_pte(pte_t *ptep, pte_t val)
{
#ifdef __x86_64__
	*(volatile pte_t *)ptep = val;
#else
	volatile u32 *p = (volatile u32 *)ptep;

	if (!pte_32bit) {
		p[1] = val >> 32;
		asm volatile("" ::: "memory");
	}
	p[0] = (u32)val;
#endif
}

static inline void native_flush_tlb_one(unsigned long addr)
{
	asm volatile("invlpg (%0)" ::"r"(addr) : "memory");
}

static inline unsigned long native_read_cr3(void)
{
	unsigned long v;

	asm volatile("mov %%cr3, %0" : "=r"(v));
	return v;
}

static inline void native_write_cr3(unsigned long v)
{
	asm volatile("mov %0, %%cr3" ::"r"(v) : "memory");
}

#ifdef CONFIG_PARAVIRT
#include <asm/paravirt_mmu.h>
#else
#define set_pte native_set_pte
#define flush_tlb_one native_flush_tlb_one
#define read_cr3 native_read_cr3
#define write_cr3 native_write_cr3
#endif

#endif
