/* The two cascaded 8259A interrupt controllers of the PC. */
#include <asm/io.h>
#include <asm/irq.h>
#include <pvkern/types.h>
#include <asm/bare_metal.h>

#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xa0
#define PIC2_DATA 0xa1
#define PIC_EOI 0x20
#define PIC_READ_IRR 0x0a /* OCW3: the command port then reads the request register */
#define CASCADE_IRQ 2

static u16 pic_mask_bits = 0xffff & ~(1 << CASCADE_IRQ);

static void pic_write_mask(void)
{
	outb(PIC1_DATA, pic_mask_bits & 0xff);
	outb(PIC2_DATA, pic_mask_bits >> 8);
}

void pic_init(void)
{
	/* ICW1-4: edge triggered, cascaded, vectors from IRQ_VECTOR_BASE. */
	outb(PIC1_CMD, 0x11);
	io_delay();
	outb(PIC2_CMD, 0x11);
	io_delay();
	outb(PIC1_DATA, IRQ_VECTOR_BASE);
	io_delay();
	outb(PIC2_DATA, IRQ_VECTOR_BASE + 8);
	io_delay();
	outb(PIC1_DATA, 1 << CASCADE_IRQ);
	io_delay();
	outb(PIC2_DATA, CASCADE_IRQ);
	io_delay();
	outb(PIC1_DATA, 0x01);
	io_delay();
	outb(PIC2_DATA, 0x01);
	io_delay();
	pic_write_mask();
}

void pic_mask(unsigned int irq)
{
	pic_mask_bits |= 1u << irq;
	pic_write_mask();
}

void pic_unmask(unsigned int irq)
{
	pic_mask_bits &= ~(1u << irq);
	pic_write_mask();
}

void pic_eoi(unsigned int irq)
{
	if (irq >= 8)
		outb(PIC2_CMD, PIC_EOI);
	outb(PIC1_CMD, PIC_EOI);
}

/* An edge latched in the request register stays there even while the line is masked. */
bool pic_latched(unsigned int irq)
{
	u16 irr;

	outb(PIC1_CMD, PIC_READ_IRR);
	outb(PIC2_CMD, PIC_READ_IRR);
	irr = inb(PIC1_CMD) | (u16)inb(PIC2_CMD) << 8;
	return irr & (1u << irq);
}
