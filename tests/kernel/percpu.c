/*
 * Per-CPU variables: the boot CPU is CPU 0, and an access through the
 * per-CPU segment reaches the area the segment points at. The second case
 * points the boot CPU's segment at another CPU's area for a moment, so it
 * runs on one CPU too.
 */
#include <asm/irqflags.h>
#include <asm/platform.h>
#include <pvkern/ktest.h>
#include <pvkern/percpu.h>

static DEFINE_PER_CPU(unsigned long, percpu_probe);
static DEFINE_PER_CPU(u8, percpu_probe_byte);

static void test_boot_cpu_is_cpu0(struct ktest *t)
{
	KEXPECT_EQ(t, smp_processor_id(), 0);
	KEXPECT_EQ(t, this_cpu_read(this_cpu_off), 0);
	KEXPECT_EQ(t, (unsigned long)this_cpu_ptr(percpu_probe), (unsigned long)&percpu_probe);
}

static void test_access_goes_to_the_segment_area(struct ktest *t)
{
	const unsigned int other = NR_CPUS - 1; /* an area no running CPU uses */
	unsigned long offset = percpu_area_setup(other), flags, seen;
	unsigned int cpu;
	u8 byte;

	KASSERT_TRUE(t, offset != 0);
	percpu_probe = 0x1111;
	per_cpu(percpu_probe, other) = 0x2222;
	per_cpu(percpu_probe_byte, other) = 0x5a;

	local_irq_save(flags);
	platform->percpu_load(other, offset);
	seen = this_cpu_read(percpu_probe);
	byte = this_cpu_read(percpu_probe_byte);
	this_cpu_write(percpu_probe, 0x3333);
	this_cpu_write(percpu_probe_byte, 0xa5);
	cpu = smp_processor_id();
	platform->percpu_load(0, 0);
	local_irq_restore(flags);

	KEXPECT_EQ(t, seen, 0x2222);
	KEXPECT_EQ(t, byte, 0x5a);
	KEXPECT_EQ(t, cpu, other);
	KEXPECT_EQ(t, per_cpu(percpu_probe, other), 0x3333);
	KEXPECT_EQ(t, per_cpu(percpu_probe_byte, other), 0xa5);
	/* The boot CPU's copy (the template) was not touched, and is current again. */
	KEXPECT_EQ(t, percpu_probe, 0x1111);
	KEXPECT_EQ(t, this_cpu_read(percpu_probe), 0x1111);
	KEXPECT_EQ(t, smp_processor_id(), 0);
}

static const struct ktest_case percpu_cases[] = {
	KTEST_CASE(test_boot_cpu_is_cpu0),
	KTEST_CASE(test_access_goes_to_the_segment_area),
	{},
};

KTEST_SUITE(percpu, percpu_cases, NULL);
