/*
 * Writing kernel text after boot. Text is read-only and stays so: each page
 * a write touches is mapped, for the moment of the write, at a window page
 * of its own (writable, not executable), written there, and unmapped; the
 * CPU is then serialised once, so that what runs next is what was written.
 * Interrupts are off and one CPU pokes at a time.
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

static void poke_page(unsigned long addr, const u8 *src, unsigned int len)
{
	unsigned long window = (unsigned long)text_poke_window;
	pte_t *slot = kernel_pte(window);
	pte_t *target = kernel_pte(addr);

	set_pte(slot, (*target & PTE_PFN_MASK) | _PAGE_PRESENT | _PAGE_RW |
		      (paging.nx ? _PAGE_NX : 0));
	flush_tlb_one(window);
	memcpy((void *)(window + (addr & (PAGE_SIZE - 1))), src, len);
	set_pte(slot, 0);
	flush_tlb_one(window);
}

void text_poke(void *addr, const void *src, unsigned int len)
{
	unsigned long a = (unsigned long)addr, flags;
	const u8 *s = src;

	local_irq_save(flags);
	while (__atomic_exchange_n(&poke_lock, 1, __ATOMIC_ACQUIRE))
		cpu_relax();
	if (!kernel_pte(a)) {
		/* No kernel tables (paging off, or not ours): the text is writable as it is. */
		memcpy(addr, src, len);
	} else {
		while (len) {
			unsigned int n = PAGE_SIZE - (a & (PAGE_SIZE - 1));

			if (n > len)
				n = len;
			poke_page(a, s, n);
			a += n;
			s += n;
			len -= n;
		}
	}
	sync_core();
	__atomic_store_n(&poke_lock, 0, __ATOMIC_RELEASE);
	local_irq_restore(flags);
}
