/*
 * Per-CPU areas (pvkern/percpu.h): the boot CPU's is the template, every
 * other CPU's a copy of it made before that CPU starts.
 */
#include <pvkern/kernel.h>
#include <pvkern/percpu.h>
#include <pvkern/string.h>

/* Room for each copy of the template; checked when an area is made. */
#define PERCPU_AREA_SIZE 0x4000

extern char __per_cpu_start[], __per_cpu_end[];

static u8 areas[NR_CPUS - 1][PERCPU_AREA_SIZE] __aligned(4096);

unsigned long __per_cpu_offset[NR_CPUS];
DEFINE_PER_CPU(unsigned long, this_cpu_off);
DEFINE_PER_CPU(unsigned int, cpu_number);

unsigned long percpu_area_setup(unsigned int cpu)
{
	unsigned long size = __per_cpu_end - __per_cpu_start;
	u8 *area;

	if (cpu == 0)
		return 0;
	if (cpu >= NR_CPUS || size > PERCPU_AREA_SIZE)
		panic("percpu: no area for CPU %u (%lu bytes of template)", cpu, size);
	area = areas[cpu - 1];
	memcpy(area, __per_cpu_start, size);
	__per_cpu_offset[cpu] = (unsigned long)area - (unsigned long)__per_cpu_start;
	per_cpu(this_cpu_off, cpu) = __per_cpu_offset[cpu];
	per_cpu(cpu_number, cpu) = cpu;
	return __per_cpu_offset[cpu];
}
