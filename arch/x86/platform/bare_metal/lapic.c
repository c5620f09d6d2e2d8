/*
 * The local APIC in xAPIC mode, reached at the physical address its base
 * MSR gives (identity-mapped on both architectures).
 */
#include <asm/apic.h>
#include <asm/processor.h>
#include <pvkern/compiler.h>

#define MSR_APIC_BASE 0x1b
#define APIC_BASE_ENABLE (1u << 11)
#define APIC_BASE_MASK 0xfffff000u

#define APIC_ID 0x020
#define APIC_TPR 0x080
#define APIC_EOI 0x0b0
#define APIC_SVR 0x0f0
#define APIC_SVR_ENABLE (1u << 8)
#define APIC_ICR_LOW 0x300
#define APIC_ICR_HIGH 0x310
#define APIC_LVT_TIMER 0x320
#define APIC_LVT_LINT0 0x350
#define APIC_LVT_LINT1 0x360
#define APIC_LVT_ERROR 0x370
#define APIC_LVT_MASKED (1u << 16)

#define ICR_FIXED 0x000
#define ICR_INIT 0x500
#define ICR_STARTUP 0x600
#define ICR_PENDING (1u << 12)
#define ICR_ASSERT (1u << 14)
#define ICR_LEVEL (1u << 15)

static volatile u32 *apic;

static u32 apic_read(unsigned int reg)
{
	return apic[reg / 4];
}

static void apic_write(unsigned int reg, u32 v)
{
	apic[reg / 4] = v;
}

bool lapic_init(void)
{
	u32 a, b, c, d;

	asm volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1), "c"(0));
	if (!(d & (1u << 9)))
		return false;
	if (!apic) {
		u64 base = rdmsr(MSR_APIC_BASE);

		apic = (volatile u32 *)(unsigned long)(base & APIC_BASE_MASK);
		wrmsr(MSR_APIC_BASE, base | APIC_BASE_ENABLE);
	}
	/* The PIC keeps the legacy lines (LINT0 stays as firmware set it on the BSP). */
	apic_write(APIC_TPR, 0);
	apic_write(APIC_LVT_TIMER, APIC_LVT_MASKED);
	apic_write(APIC_LVT_ERROR, APIC_LVT_MASKED);
	apic_write(APIC_SVR, APIC_SVR_ENABLE | SPURIOUS_VECTOR);
	return true;
}

u32 lapic_id(void)
{
	return apic_read(APIC_ID) >> 24;
}

void lapic_eoi(void)
{
	apic_write(APIC_EOI, 0);
}

static void send(u32 apic_id, u32 low)
{
	while (apic_read(APIC_ICR_LOW) & ICR_PENDING)
		cpu_relax();
	apic_write(APIC_ICR_HIGH, apic_id << 24);
	apic_write(APIC_ICR_LOW, low);
	while (apic_read(APIC_ICR_LOW) & ICR_PENDING)
		cpu_relax();
}

void lapic_send_ipi(u32 apic_id, u8 vector)
{
	send(apic_id, ICR_FIXED | ICR_ASSERT | vector);
}

void lapic_send_init(u32 apic_id)
{
	send(apic_id, ICR_INIT | ICR_LEVEL | ICR_ASSERT);
	send(apic_id, ICR_INIT | ICR_LEVEL); /* deassert, for the oldest APICs */
}

void lapic_send_startup(u32 apic_id, u8 page)
{
	send(apic_id, ICR_STARTUP | page);
}
