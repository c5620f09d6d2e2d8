/* The 8253/8254 programmable interval timer, channel 0 on IRQ 0. */
#include <asm/io.h>
#include <asm/irq.h>
#include <pvkern/timer.h>
#include <asm/bare_metal.h>

#define PIT_CH0 0x40
#define PIT_CH2 0x42
#define PIT_CMD 0x43
#define PIT_GATE 0x61 /* bit 0: channel 2 gate, bit 1: speaker, bit 5: channel 2 output */
#define PIT_GATE_CH2 0x01
#define PIT_GATE_SPEAKER 0x02
#define PIT_GATE_CH2_OUT 0x20
#define PIT_HZ 1193182u

static void pit_irq(unsigned int irq, struct pt_regs *regs)
{
	(void)irq;
	(void)regs;
	timer_tick();
}

/*
 * Busy-waits for us microseconds on channel 2 (the speaker's, gated by port
 * 0x61), which the tick does not use: guest time, whatever the host does.
 */
void pit_delay_us(unsigned long us)
{
	while (us) {
		unsigned long chunk = us > 50000 ? 50000 : us;
		/* 1.193182 counts per microsecond, in 32 bits: at most 59659 (chunk <= 50000) */
		unsigned int count = (unsigned int)(chunk * 1193 / 1000 + chunk * 182 / 1000000);
		u8 gate = inb(PIT_GATE) & ~(PIT_GATE_SPEAKER | PIT_GATE_CH2);

		outb(PIT_GATE, gate);
		outb(PIT_CMD, 0xb0); /* channel 2, lobyte/hibyte, mode 0 (count down once) */
		outb(PIT_CH2, count & 0xff);
		outb(PIT_CH2, count >> 8);
		outb(PIT_GATE, gate | PIT_GATE_CH2);
		while (!(inb(PIT_GATE) & PIT_GATE_CH2_OUT))
			;
		us -= chunk;
	}
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
