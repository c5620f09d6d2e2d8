/*
 * Writing kernel text after boot. Text is read-only and stays so: the page
 * a write touches is mapped, for the moment of the writes, at a window
 * page of its own (writable, not executable), written there, and unmapped;
 * the CPU is then serialised once, so that what runs next is what was
 * written. A batch (text_poke_begin/write/end) keeps a page mapped across
 * consecutive writes to it: under Xen every mapping change is a
 * hypercall. Interrupts are off and one CPU pokes at a time.
 */
#include <asm/irqflags.h>
#include <asm/mmu.h>
#include <asm/processor.h>
#include <pvkern/compiler.h>
#include <pvkern/string.h>
#include "mm.h"

/* Only its address is used: the page is mapped nowhere else by this name. */
char text_poke_window[PAGE_SIZE] __aligned(PAGE_SIZE);

static volatile unsigned int poke_lock;
/* The text page the window maps now, or 0; the lock holder's. */
static unsigned long window_page;

static void window_unmap(void)
{
	unsigned long window = (unsigned long)text_poke_window;

	if (!window_page)
		return;
	set_pte(kernel_pte(window), 0);
	flush_tlb_one(window);
	window_page = 0;
}

static void window_map(unsigned long page)
{
	unsigned long window = (unsigned long)text_poke_window;

	if (window_page == page)
		return;
	window_unmap();
	set_pte(kernel_pte(window), (pte_read(kernel_pte(page)) & PTE_PFN_MASK) | _PAGE_PRESENT | _PAGE_RW |
					    (paging.nx ? _PAGE_NX : 0));
	flush_tlb_one(window);
	window_page = page;
}

void text_poke_begin(unsigned long *flags)
{
	local_irq_save(*flags);
	while (__atomic_exchange_n(&poke_lock, 1, __ATOMIC_ACQUIRE))
		cpu_relax();
}

void text_poke_write(void *addr, const void *src, unsigned int len)
{
	unsigned long a = (unsigned long)addr;
	const u8 *s = src;

	if (!kernel_pte(a)) {
		/* No kernel tables (paging off, or not ours): the text is writable as it is. */
		memcpy(addr, src, len);
		return;
	}
	while (len) {
		unsigned int off = a & (PAGE_SIZE - 1), n = PAGE_SIZE - off;

		if (n > len)
			n = len;
		window_map(a - off);
		memcpy(text_poke_window + off, s, n);
		a += n;
		s += n;
		len -= n;
	}
}

void text_poke_end(unsigned long flags)
{
	window_unmap();
	sync_core();
	__atomic_store_n(&poke_lock, 0, __ATOMIC_RELEASE);
	local_irq_restore(flags);
}

void text_poke(void *addr, const void *src, unsigned int len)
{
	unsigned long flags;

	text_poke_begin(&flags);
	text_poke_write(addr, src, len);
	text_poke_end(flags);
}
