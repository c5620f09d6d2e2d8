/*
 * Protecting the kernel from itself where it owns the CPU's paging: bare
 * metal, and a Xen PVH guest (an HVM container: Xen pages the guest's
 * physical memory behind its back, CR3, CR0 and EFER are the guest's own).
 * Once every site is patched, text and read-only data become read-only
 * (CR0.WP makes that bind the kernel too) and, where the CPU has NX,
 * nothing else is executable. The boot CPU switches to the kernel's tables
 * here; the other CPUs load the same ones as they start (head_64.S,
 * paging_enable_ap()).
 */
#include <asm/cpuid.h>
#include <asm/mmu.h>
#include <asm/platform.h>
#include <asm/processor.h>
#include <pvkern/kernel.h>
#include <pvkern/printk.h>
#include "mm.h"

struct paging_state paging;
/* Read by an x86_64 AP in head_64.S before it enters long mode (0: the boot tables). */
u32 paging_ap_cr3, paging_ap_efer;

static void cpuid_regs(u32 leaf, u32 *a, u32 *d)
{
	u32 b, c = 0;

	asm volatile("cpuid" : "=a"(*a), "=b"(b), "+c"(c), "=d"(*d) : "a"(leaf));
}

bool cpu_has_nx(void)
{
	u32 a, d;

	cpuid_regs(0x80000000, &a, &d);
	if (a < 0x80000001 || a > 0x8000ffff)
		return false;
	cpuid_regs(0x80000001, &a, &d);
	return d & (1u << 20);
}

static bool cpu_has_pae(void)
{
#ifdef __x86_64__
	return true;
#else
	struct x86_cpu_ident id;
	u32 a, d;

	x86_cpu_identify(&id);
	if (!id.has_cpuid)
		return false;
	cpuid_regs(1, &a, &d);
	return d & (1u << 6);
#endif
}

static unsigned long read_cr0(void)
{
	unsigned long v;

	asm volatile("mov %%cr0, %0" : "=r"(v));
	return v;
}

#ifndef __x86_64__
static unsigned long read_cr4(void)
{
	unsigned long v;

	asm volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}
#endif

/* This CPU onto the kernel's tables: NXE before any entry with NX is seen. */
static void enable_on_this_cpu(void)
{
	if (paging.nx)
		wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NX);
#ifdef __x86_64__
	write_cr3(paging.cr3);
	asm volatile("mov %0, %%cr0" ::"r"(read_cr0() | X86_CR0_WP) : "memory");
#else
	asm volatile("mov %0, %%cr4" ::"r"(read_cr4() | X86_CR4_PAE) : "memory");
	write_cr3(paging.cr3);
	/* A jump after setting PG: older CPUs fetch the next instruction unpaged. */
	asm volatile("mov %0, %%cr0\n\tjmp 1f\n1:"
		     ::"r"(read_cr0() | X86_CR0_PG | X86_CR0_WP) : "memory");
#endif
}

void paging_enable_ap(void)
{
	if (paging.own_tables)
		enable_on_this_cpu();
}

static void log_range(const char *what, const void *start, const void *end)
{
	printk("mm: [%08lx-%08lx] %s\n", (unsigned long)start, (unsigned long)end - 1, what);
}

void mm_log_protection(const char *how)
{
	printk("mm: page tables at 0x%lx (%s), NX %s\n", paging.cr3, how,
	       paging.nx ? "on" : "off: the CPU does not have it");
	log_range("read-only, executable: kernel text", __kernel_start, __rodata_start);
	log_range(paging.nx ? "read-only, NX: read-only data" : "read-only: read-only data",
		  __rodata_start, __rodata_end);
	log_range(paging.nx ? "read-write, NX: data, bss, stacks" : "read-write: data, bss, stacks",
		  __rodata_end, __kernel_end);
	printk("mm: the text_poke window at 0x%lx: not present until a poke\n",
	       (unsigned long)text_poke_window);
}

/* Builds the kernel's tables and moves this CPU onto them; false if it cannot. */
static bool switch_to_kernel_tables(void)
{
	if (!cpu_has_pae()) {
		printk("mm: i386 CPU without PAE: paging stays off; kernel text stays writable and "
		       "nothing is NX\n");
		return false;
	}
	paging.nx = cpu_has_nx();
	paging.cr3 = kernel_tables_build(paging.nx);
	paging.lookup = kernel_tables_lookup;
	paging.own_tables = true;
	paging.on = true;
	paging_ap_cr3 = paging.cr3;
	paging_ap_efer = paging.nx ? EFER_NX : 0;
	enable_on_this_cpu();
	if (read_cr3() != paging.cr3)
		panic("mm: CR3 reads 0x%lx after loading 0x%lx", read_cr3(), paging.cr3);
	return true;
}

static void log_kernel_tables(void)
{
#ifdef __x86_64__
	mm_log_protection("the kernel's own, 4-level; CR0.WP on");
#else
	mm_log_protection("the kernel's own, PAE; CR0.WP on");
#endif
	if (paging.nx)
		printk("mm: the rest of the low 4 GiB: read-write, NX\n");
}

void native_protect_kernel(void)
{
	if (switch_to_kernel_tables())
		log_kernel_tables();
}

#ifndef __x86_64__
/* The bits of a PAE page-directory-pointer entry that must stay clear: 1-2, 5-8, 52-63. */
#define PAE_PDPTE_RESERVED 0xfff00000000001e6ULL
#define PAE_PDPTES 4

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
#endif

/*
 * An HVM guest's hypervisor walks the guest's tables in software as well,
 * to fetch an instruction it emulates or must measure: under Xen on an
 * AMD CPU without NRIP save, every hypercall. Xen refuses a PAE
 * page-directory-pointer entry with a reserved bit set, as the CPU
 * manuals say it must; QEMU's TCG sets the accessed bit (5) in those
 * entries as it walks them, and every hypercall then loops in Xen. So
 * look at them before the first hypercall or trapping instruction (the
 * log lines below are hypercalls) and, if they are damaged, turn paging
 * off again.
 */
void hvm_guest_protect_kernel(void)
{
#ifdef __x86_64__
	native_protect_kernel(); /* 4-level entries have an accessed bit: nothing to look at */
#else
	unsigned long cr0_before = read_cr0();
	u64 reserved;

	if (!switch_to_kernel_tables())
		return;
	reserved = pdpt_reserved_bits_set();
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

void mm_protect_kernel(void)
{
	if (platform->protect_kernel)
		platform->protect_kernel();
	else
		printk("mm: %s: kernel text stays writable (no protection on this platform yet)\n",
		       platform->name);
}
