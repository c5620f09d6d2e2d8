/*
 * Loading a CPU's per-CPU segment on bare metal: the GS base MSR on
 * x86_64, a GDT data segment per CPU on i386.
 */
#include <asm/bare_metal.h>
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

/* A flat 4 GiB read/write data segment, DPL 0, whose base is base. */
static u64 data_segment(unsigned long base)
{
	u64 d = 0x00cf92000000ffffULL;

	d |= (u64)(base & 0xffffff) << 16;
	d |= (u64)(base >> 24) << 56;
	return d;
}

void bare_metal_percpu_load(unsigned int cpu, unsigned long offset)
{
	boot_gdt[GDT_PERCPU_FIRST + cpu] = data_segment(offset);
	asm volatile("mov %0, %%fs" ::"r"(GDT_PERCPU(cpu)) : "memory");
}
#endif
