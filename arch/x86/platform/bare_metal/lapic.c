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
#define APIC_LVT_TIMER_PERIODIC (1u << 17)
#define APIC_IRR 0x200
#define APIC_TIMER_INITIAL 0x380
#define APIC_TIMER_CURRENT 0x390
#define APIC_TIMER_DIVIDE 0x3e0
#define APIC_TIMER_DIVIDE_16 0x3

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

bool lapic_present(void)
{
	return apic != NULL;
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

/*
 * The timer counts the bus clock divided by LAPIC_TIMER_DIVIDER, down
 * from its initial count; periodic mode reloads it.
 */
void lapic_timer_oneshot(u32 count)
{
	apic_write(APIC_LVT_TIMER, APIC_LVT_MASKED);
	apic_write(APIC_TIMER_DIVIDE, APIC_TIMER_DIVIDE_16);
	apic_write(APIC_TIMER_INITIAL, count);
}

u32 lapic_timer_current(void)
{
	return apic_read(APIC_TIMER_CURRENT);
}

void lapic_timer_periodic(u8 vector, u32 count)
{
	apic_write(APIC_LVT_TIMER, APIC_LVT_MASKED);
	apic_write(APIC_TIMER_DIVIDE, APIC_TIMER_DIVIDE_16);
	apic_write(APIC_LVT_TIMER, APIC_LVT_TIMER_PERIODIC | vector);
	apic_write(APIC_TIMER_INITIAL, count);
}

void lapic_timer_mask(bool masked)
{
	u32 lvt = apic_read(APIC_LVT_TIMER);

	apic_write(APIC_LVT_TIMER, masked ? lvt | APIC_LVT_MASKED : lvt & ~APIC_LVT_MASKED);
}

bool lapic_requested(u8 vector)
{
	return apic_read(APIC_IRR + 0x10 * (vector / 32)) & (1u << (vector % 32));
}
