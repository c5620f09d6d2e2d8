/*
 * Per-CPU variables.
 *
 * DEFINE_PER_CPU puts a variable in .data..percpu, the template. Each CPU
 * has an area: the boot CPU uses the template itself, every other CPU a
 * copy of it. A CPU's per-CPU segment (%gs on x86_64, %fs on i386) has as
 * its base the distance from the template to that CPU's area, so
 * this_cpu_read(var) is one instruction, "mov %gs:var, reg", that reads the
 * current CPU's copy of var (asm/percpu.h).
 */
#ifndef PVKERN_PERCPU_H
#define PVKERN_PERCPU_H

/* The most CPUs pvkern runs on. */
#define NR_CPUS 8

#ifndef __ASSEMBLY__
#include <pvkern/compiler.h>
#include <pvkern/types.h>

#define DEFINE_PER_CPU(type, name) __section(".data..percpu") __typeof__(type) name
#define DECLARE_PER_CPU(type, name) extern __typeof__(type) name

/* Distance from the template to each CPU's area (0 for the boot CPU). */
extern unsigned long __per_cpu_offset[NR_CPUS];

#define per_cpu_ptr(var, cpu) \
	((__typeof__(&(var)))((unsigned long)&(var) + __per_cpu_offset[cpu]))
#define per_cpu(var, cpu) (*per_cpu_ptr(var, cpu))

#include <asm/percpu.h>

/* Each area knows its own offset and CPU number. */
DECLARE_PER_CPU(unsigned long, this_cpu_off);
DECLARE_PER_CPU(unsigned int, cpu_number);

#define this_cpu_ptr(var) \
	((__typeof__(&(var)))((unsigned long)&(var) + this_cpu_read(this_cpu_off)))
#define smp_processor_id() this_cpu_read(cpu_number)

/*
 * Makes CPU cpu's area (a fresh copy of the template) and returns its
 * offset, for the platform to load into that CPU's per-CPU segment. The
 * boot CPU's area is the template: offset 0, nothing to load.
 */
unsigned long percpu_area_setup(unsigned int cpu);
#endif /* __ASSEMBLY__ */

#endif
