/* The 8253/8254 programmable interval timer, channel 0 on IRQ 0. */
#include <asm/io.h>
#include <asm/irq.h>
#include <pvkern/timer.h>
#include <asm/bare_metal.h>

#define PIT_CH0 0x40
#define PIT_CMD 0x43
#define PIT_HZ 1193182u

static void pit_irq(unsigned int irq, struct pt_regs *regs)
{
	(void)irq;
	(void)regs;
	timer_tick();
}

void pit_start(unsigned int hz)
{
	unsigned int divisor = (PIT_HZ + hz / 2) / hz;

	if (divisor > 0xffff)
		divisor = 0xffff;
	if (divisor < 1)
		divisor = 1;
	outb(PIT_CMD, 0x34); /* channel 0, lobyte/hibyte, mode 2 (rate generator) */
	outb(PIT_CH0, divisor & 0xff);
	outb(PIT_CH0, divisor >> 8);
	irq_set_handler(TIMER_IRQ, pit_irq);
}
