/*
 * Loading a CPU's per-CPU segment on bare metal: the GS base MSR on
 * x86_64, a GDT data segment per CPU on i386.
 */
#include <asm/bare_metal.h>
#include <asm/desc.h>
#include <asm/processor.h>
#include <asm/segment.h>
#include <pvkern/percpu.h>

#ifdef __x86_64__
#define MSR_GS_BASE 0xc0000101

void bare_metal_percpu_load(unsigned int cpu, unsigned long offset)
{
	wrmsr(MSR_GS_BASE, offset);
}
#else
extern u64 boot_gdt[];

void bare_metal_percpu_load(unsigned int cpu, unsigned long offset)
{
	boot_gdt[GDT_PERCPU_FIRST + cpu] = gdt_data_segment(offset, 0);
	asm volatile("mov %0, %%fs" ::"r"(GDT_PERCPU(cpu)) : "memory");
}
#endif
