/* The interrupt descriptor table for the bare-metal platform. */
#include <asm/desc.h>
#include <asm/segment.h>
#include <asm/traps.h>
#include <pvkern/compiler.h>
#include <pvkern/types.h>

#define GATE_INTERRUPT 0x8e /* present, DPL 0, interrupt gate: clears IF */

#ifdef __x86_64__
struct idt_gate {
	u16 offset_low, selector;
	u8 ist, type_attr;
	u16 offset_mid;
	u32 offset_high, reserved;
} __packed;
#else
struct idt_gate {
	u16 offset_low, selector;
	u8 zero, type_attr;
	u16 offset_high;
} __packed;
#endif

struct idt_desc {
	u16 limit;
	unsigned long base;
} __packed;

static struct idt_gate idt[256] __aligned(16);

static void set_gate(unsigned int vector, unsigned long handler)
{
	struct idt_gate *g = &idt[vector];

	g->offset_low = handler & 0xffff;
	g->selector = KERNEL_CS;
	g->type_attr = GATE_INTERRUPT;
#ifdef __x86_64__
	g->ist = 0;
	g->offset_mid = (handler >> 16) & 0xffff;
	g->offset_high = handler >> 32;
	g->reserved = 0;
#else
	g->zero = 0;
	g->offset_high = handler >> 16;
#endif
}

/* Every CPU uses the one table. */
void idt_load(void)
{
	struct idt_desc desc = { .limit = sizeof(idt) - 1, .base = (unsigned long)idt };

	asm volatile("lidt %0" ::"m"(desc));
}

void idt_init(void)
{
	/* Vectors without a stub stay not-present: using one raises #NP. */
	for (unsigned int v = 0; v < NR_ENTRY_STUBS; v++)
		set_gate(v, (unsigned long)idt_entry_stubs + v * ENTRY_STUB_SIZE);
	set_gate(X86_TRAP_BP, (unsigned long)text_poke_int3_entry);
	idt_load();
}
