/*
 * The kernel's page tables (arch/x86/mm/): one identity map of the low
 * 4 GiB in the 64-bit entry format that x86_64 and i386 with PAE share
 * (on an i386 CPU without PAE, in the two-level format of 32-bit entries),
 * with 4 KiB pages over the kernel image so that each of its sections gets
 * its own protection.
 */
#ifndef ASM_PGTABLE_H
#define ASM_PGTABLE_H

#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define PMD_SHIFT 21
#define PMD_SIZE (1UL << PMD_SHIFT)
#define PTRS_PER_TABLE 512
/* The two-level format: 1024 entries of 4 bytes a table, 4 MiB a directory entry. */
#define PGDIR_SHIFT_2LEVEL 22
#define PGDIR_SIZE_2LEVEL (1UL << PGDIR_SHIFT_2LEVEL)
#define PTRS_PER_TABLE_2LEVEL 1024

#define _PAGE_PRESENT 0x001ULL
#define _PAGE_RW 0x002ULL
#define _PAGE_PSE 0x080ULL /* a 2 MiB page (two-level: 4 MiB), in a page-directory entry */
#define _PAGE_NX (1ULL << 63)
#define PTE_PFN_MASK 0x000ffffffffff000ULL

/* The bits of a #PF error code. */
#define X86_PF_PROT 0x01  /* 0: the page was not present */
#define X86_PF_WRITE 0x02
#define X86_PF_USER 0x04
#define X86_PF_RSVD 0x08
#define X86_PF_INSTR 0x10 /* an instruction fetch (with NX on) */

#define X86_CR0_WP (1UL << 16)
#define X86_CR0_PG (1UL << 31)
#define X86_CR4_PSE (1UL << 4) /* 4 MiB pages in two-level tables */
#define X86_CR4_PAE (1UL << 5)
#define MSR_EFER 0xc0000080
#define EFER_NX (1UL << 11)

#ifndef __ASSEMBLY__
#include <pvkern/types.h>

/*
 * An entry's value, wide enough for every format. A pte_t * points at an
 * entry in the tables in use: with pte_32bit, at a 32-bit one, so read it
 * with pte_read() and write it with set_pte().
 */
typedef u64 pte_t;

/*
 * The kernel's tables have 32-bit entries: i386 on a CPU without PAE.
 * Fixed before boot patching (paging_choose_format()), because the native
 * set_pte is then one 32-bit store, not two; false everywhere else.
 */
extern bool pte_32bit;

static inline pte_t pte_read(const pte_t *ptep)
{
	return pte_32bit ? *(const volatile u32 *)ptep : *(const volatile pte_t *)ptep;
}

/* Bare metal and PVH, before patching: the entry format from the CPU's features. */
void paging_choose_format(void);

/* What the platform set up after patching. */
struct paging_state {
	bool on;         /* text and read-only data are read-only */
	bool own_tables; /* bare metal: CR3 holds the kernel's own tables, APs load them too */
	bool nx;         /* data is not executable */
	unsigned long cr3;
	/* The 4 KiB entry that maps a kernel address (the platform's walk), or NULL. */
	pte_t *(*lookup)(unsigned long addr);
};
extern struct paging_state paging;

/* Whether the CPU offers NX (CPUID 0x80000001:EDX bit 20). */
bool cpu_has_nx(void);

/* The boot log's lines for what protect_kernel() did; how = "4-level", "Xen PV", ... */
void mm_log_protection(const char *how);

/* Xen PV: the same protection through the mmu ops (arch/x86/platform/xen/mm.c). */
void xen_protect_kernel(void);

/*
 * Builds the kernel's tables and switches this CPU to them: text and
 * read-only data read-only, everything else not executable where the
 * CPU has NX. Logs what it did. For platforms whose paging is the CPU's
 * own (bare metal, Xen PVH); boot CPU, after patching.
 */
void native_protect_kernel(void);

/*
 * The same for an HVM guest (Xen PVH), whose hypervisor also walks the
 * guest's tables: an i386 guest gives up PAE where the CPU leaves its
 * tables in a state that walk refuses (protect_hvm.c), and paging stays
 * off where it has nothing else.
 */
void hvm_guest_protect_kernel(void);
/* An HVM guest's paging_choose_format(): tries PAE first on i386 (protect_hvm.c). */
void hvm_guest_choose_paging_format(void);

/* For an AP entering the kernel (i386: from protected mode without paging). */
void paging_enable_ap(void);

/* The page text_poke() maps its target at (not present in between). */
extern char text_poke_window[];

/* The 4 KiB entry mapping addr inside the kernel's tables, or NULL. */
pte_t *kernel_pte(unsigned long addr);

/*
 * Writes len bytes of kernel text at addr through a temporary writable
 * alias of its page, with interrupts off, then serialises: text itself is
 * never made writable.
 */
void text_poke(void *addr, const void *src, unsigned int len);
/*
 * The same for many writes: text_poke_begin() (interrupts off, the poke
 * lock taken), text_poke_write() for each, text_poke_end() (unmap,
 * serialise this CPU, unlock, interrupts as they were).
 */
void text_poke_begin(unsigned long *flags);
void text_poke_write(void *addr, const void *src, unsigned int len);
void text_poke_end(unsigned long flags);

/* The platform's step after patching: protect the kernel, or say why not. */
void mm_protect_kernel(void);
#endif

#endif
