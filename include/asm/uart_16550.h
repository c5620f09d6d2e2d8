/*
 * The PC's first serial port, a 16550 UART: where it sits and the
 * registers pvkern touches. The console driver polls it; a test raises
 * its interrupt line on purpose (the transmitter-empty interrupt).
 */
#ifndef ASM_UART_16550_H
#define ASM_UART_16550_H

#define COM1 0x3f8
#define COM1_IRQ 4

#define UART_THR 0 /* transmit holding register (write) */
#define UART_IER 1 /* interrupt enable */
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5

#define UART_IER_THRI 0x02 /* interrupt while the transmitter is empty */
#define UART_MCR_OUT2 0x08 /* gates the UART's interrupt onto its ISA line */
#define UART_LSR_DR 0x01   /* a received byte waits */
#define UART_LSR_THRE 0x20 /* transmit holding register empty */

#endif
