/* A 16550 UART on COM1, polled: 115200 baud, 8N1. */
#include <asm/io.h>
#include <asm/bare_metal.h>
#include <asm/uart_16550.h>

void serial_init(void)
{
	outb(COM1 + UART_IER, 0x00);
	outb(COM1 + UART_LCR, 0x80); /* divisor latch */
	outb(COM1 + 0, 0x01);        /* 115200 baud */
	outb(COM1 + 1, 0x00);
	outb(COM1 + UART_LCR, 0x03); /* 8N1 */
	outb(COM1 + UART_FCR, 0xc7);
	outb(COM1 + UART_MCR, 0x03);
}

static void serial_putc(char c)
{
	/* Bounded: a missing UART must not hang the kernel. */
	for (unsigned int i = 0; i < 100000; i++)
		if (inb(COM1 + UART_LSR) & UART_LSR_THRE)
			break;
	outb(COM1 + UART_THR, c);
}

void serial_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			serial_putc('\r');
		serial_putc(s[i]);
	}
}

bool serial_byte_ready(void)
{
	return inb(COM1 + UART_LSR) & UART_LSR_DR;
}
