/*
 * The kernel's page tables (arch/x86/mm/): one identity map of the low
 * 4 GiB in the 64-bit entry format that x86_64 and i386 with PAE share,
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

#define _PAGE_PRESENT 0x001ULL
#define _PAGE_RW 0x002ULL
#define _PAGE_PSE 0x080ULL /* a 2 MiB page, in a page-directory entry */
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
#define X86_CR4_PSE (1UL << 4)
#define X86_CR4_PAE (1UL << 5)
#define MSR_EFER 0xc0000080
#define EFER_NX (1UL << 11)

#ifndef __ASSEMBLY__
#include <pvkern/types.h>

typedef u64 pte_t;

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
 * guest's tables: paging stays off where the CPU leaves them in a state
 * that walk refuses (see protect.c).
 */
void hvm_guest_protect_kernel(void);

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
