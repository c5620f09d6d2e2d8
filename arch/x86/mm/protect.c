/*
 * Protecting the kernel from itself where it owns the CPU's paging: bare
 * metal, and a Xen PVH guest (an HVM container: Xen pages the guest's
 * physical memory behind its back, CR3, CR0 and EFER are the guest's own).
 * Once every site is patched, text and read-only data become read-only
 * (CR0.WP makes that bind the kernel too) and, where the CPU has NX,
 * nothing else is executable. The boot CPU switches to the kernel's tables
 * here; the other CPUs load the same ones as they start (head_64.S,
 * paging_enable_ap()). What an HVM guest does besides: protect_hvm.c.
 */
#include <asm/cpuid.h>
#include <asm/mmu.h>
#include <asm/platform.h>
#include <asm/processor.h>
#include <pvkern/kernel.h>
#include <pvkern/printk.h>
#include "mm.h"

struct paging_state paging;
bool pte_32bit;
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

#ifndef __x86_64__
u32 cpuid1_edx(void)
{
	struct x86_cpu_ident id;

	x86_cpu_identify(&id);
	return id.features_edx;
}
#endif

void paging_choose_format(void)
{
#ifndef __x86_64__
	pte_32bit = !(cpuid1_edx() & CPUID1_EDX_PAE);
#endif
}

unsigned long read_cr0(void)
{
	unsigned long v;

	asm volatile("mov %%cr0, %0" : "=r"(v));
	return v;
}

#ifndef __x86_64__
unsigned long read_cr4(void)
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
	asm volatile("mov %0, %%cr4" ::"r"(read_cr4() | (pte_32bit ? X86_CR4_PSE : X86_CR4_PAE))
		     : "memory");
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
	       paging.nx ? "on" : pte_32bit ? "off: two-level entries have no NX bit"
					    : "off: the CPU does not have it");
	log_range("read-only, executable: kernel text", __kernel_start, __rodata_start);
	log_range(paging.nx ? "read-only, NX: read-only data" : "read-only: read-only data",
		  __rodata_start, __rodata_end);
	log_range(paging.nx ? "read-write, NX: data, bss, stacks" : "read-write: data, bss, stacks",
		  __rodata_end, __kernel_end);
	printk("mm: the text_poke window at 0x%lx: not present until a poke\n",
	       (unsigned long)text_poke_window);
}

/* Builds the tables in the format paging_choose_format() fixed; false if there are none. */
static bool build_kernel_tables(void)
{
#ifndef __x86_64__
	if (pte_32bit) {
		/* Without PSE every 4 MiB of the low 4 GiB would need a page table: 4 MiB of them. */
		if (!(cpuid1_edx() & CPUID1_EDX_PSE)) {
			printk("mm: i386 CPU without PAE or PSE: paging stays off; kernel text stays "
			       "writable and nothing is NX\n");
			return false;
		}
		paging.nx = false; /* two-level entries have no NX bit */
		paging.cr3 = kernel_tables_build_2level();
		paging.lookup = kernel_tables_lookup_2level;
		return true;
	}
#endif
	paging.nx = cpu_has_nx();
	paging.cr3 = kernel_tables_build(paging.nx);
	paging.lookup = kernel_tables_lookup;
	return true;
}

bool switch_to_kernel_tables(void)
{
	if (!build_kernel_tables())
		return false;
	paging.own_tables = true;
	paging.on = true;
	paging_ap_cr3 = paging.cr3;
	paging_ap_efer = paging.nx ? EFER_NX : 0;
	enable_on_this_cpu();
	if (read_cr3() != paging.cr3)
		panic("mm: CR3 reads 0x%lx after loading 0x%lx", read_cr3(), paging.cr3);
	return true;
}

void log_kernel_tables(void)
{
#ifdef __x86_64__
	mm_log_protection("the kernel's own, 4-level; CR0.WP on");
#else
	mm_log_protection(pte_32bit ? "the kernel's own, two-level with 4 MiB pages (no PAE); CR0.WP on"
				    : "the kernel's own, PAE; CR0.WP on");
#endif
	if (paging.nx)
		printk("mm: the rest of the low 4 GiB: read-write, NX\n");
}

void native_protect_kernel(void)
{
	if (switch_to_kernel_tables())
		log_kernel_tables();
}

void mm_protect_kernel(void)
{
	if (platform->protect_kernel)
		platform->protect_kernel();
	else
		printk("mm: %s: kernel text stays writable (no protection on this platform yet)\n",
		       platform->name);
}
