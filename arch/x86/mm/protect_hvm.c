/*
 * Protecting an HVM guest (Xen PVH) with the kernel's own tables, which
 * its hypervisor walks in software as well, to fetch an instruction it
 * emulates or must measure: under Xen on an AMD CPU without NRIP save,
 * every hypercall. Xen refuses a PAE page-directory-pointer entry with a
 * reserved bit set, as the CPU manuals say it must; QEMU's TCG sets the
 * accessed bit (5) in those entries as it walks them, and every hypercall
 * then loops in Xen. An i386 guest therefore tries its PAE tables once
 * before patching (set_pte's native form depends on the entry format) and
 * takes the two-level format, without NX, if the CPU damaged them. Each
 * look at the entries comes before the first hypercall or trapping
 * instruction on those tables.
 */
#include <asm/mmu.h>
#include <asm/processor.h>
#include <pvkern/printk.h>
#include "mm.h"

#ifndef __x86_64__
/* The bits of a PAE page-directory-pointer entry that must stay clear: 1-2, 5-8, 52-63. */
#define PAE_PDPTE_RESERVED 0xfff00000000001e6ULL
#define PAE_PDPTES 4

/* What the PAE probe found set in the reserved bits (0: the entries held). */
static u64 probe_damage;

static u64 pdpt_reserved_bits_set(void)
{
	const volatile u64 *pdpt = (const volatile u64 *)paging.cr3;
	u64 bits = 0;

	for (unsigned int i = 0; i < PAE_PDPTES; i++)
		bits |= pdpt[i] & PAE_PDPTE_RESERVED;
	return bits;
}

/*
 * Back to no paging (the map was the identity: the next instruction is
 * where it was). The CR0 write traps to the hypervisor, which decodes it
 * through these entries: clear their reserved bits just before it, and
 * write the CR0 value from before paging rather than read CR0 (a trap too).
 */
static void paging_off(unsigned long cr0_before)
{
	volatile u32 *pdpt = (volatile u32 *)paging.cr3;

	for (unsigned int i = 0; i < PAE_PDPTES; i++)
		pdpt[2 * i] &= ~(u32)PAE_PDPTE_RESERVED;
	asm volatile("mov %0, %%cr0\n\tjmp 1f\n1:" ::"r"(cr0_before) : "memory");
	asm volatile("mov %0, %%cr4" ::"r"(read_cr4() & ~X86_CR4_PAE) : "memory");
	if (paging.nx)
		wrmsr(MSR_EFER, rdmsr(MSR_EFER) & ~EFER_NX);
	paging = (struct paging_state){ 0 };
	paging_ap_cr3 = 0;
	paging_ap_efer = 0;
}

/* The PAE tables on, a look at their PDPTEs, paging off: what the CPU set there. */
static u64 pae_probe(void)
{
	unsigned long cr0_before = read_cr0();
	u64 reserved;

	if (!switch_to_kernel_tables())
		return 0;
	reserved = pdpt_reserved_bits_set();
	paging_off(cr0_before);
	return reserved;
}
#endif

void hvm_guest_choose_paging_format(void)
{
	paging_choose_format();
#ifndef __x86_64__
	if (pte_32bit)
		return;
	probe_damage = pae_probe();
	if (probe_damage && (cpuid1_edx() & CPUID1_EDX_PSE))
		pte_32bit = true;
#endif
}

void hvm_guest_protect_kernel(void)
{
#ifdef __x86_64__
	native_protect_kernel(); /* 4-level entries have an accessed bit: nothing to look at */
#else
	unsigned long cr0_before = read_cr0();
	u64 reserved;

	if (probe_damage)
		printk("mm: the CPU set reserved bits 0x%llx in the PAE page-directory-pointer "
		       "entries, which the hypervisor's page walk refuses: %s\n",
		       (unsigned long long)probe_damage,
		       pte_32bit ? "two-level tables instead, without NX" : "and has no PSE either");
	if (!switch_to_kernel_tables())
		return;
	reserved = pte_32bit ? 0 : pdpt_reserved_bits_set(); /* two-level tables have no PDPTEs */
	if (reserved) {
		paging_off(cr0_before);
		printk("mm: the CPU set reserved bits 0x%llx in the PAE page-directory-pointer "
		       "entries, which the hypervisor's page walk refuses: paging off again; "
		       "kernel text stays writable and nothing is NX\n",
		       (unsigned long long)reserved);
		return;
	}
	log_kernel_tables();
#endif
}
