/*
 * PV_DEBUG: every op is reached through a trampoline (pv_debug_*.S) that
 * calls the real op and then destroys every register the calling site's
 * record says it may lose. A site whose clobber mask claims more than the
 * code around it tolerates then breaks at once, in a test, instead of some
 * day under some backend.
 */
#ifdef CONFIG_PV_DEBUG
#include <asm/paravirt.h>
#include <pvkern/printk.h>
#include <pvops/backend.h>

/* The real ops, called by the trampolines. */
void *pv_debug_targets[PV_IRQ_NR];

void pv_debug_save_fl(void);
void pv_debug_restore_fl(void);
void pv_debug_irq_disable(void);
void pv_debug_irq_enable(void);
void pv_debug_safe_halt(void);
void pv_debug_halt(void);

/* The clobber mask of the site a call returns to; 0 for a call from no site. */
unsigned long pv_debug_site_clobbers(unsigned long ret);
unsigned long pv_debug_site_clobbers(unsigned long ret)
{
	for (const struct paravirt_patch_site *p = __parainstructions_start;
	     p < __parainstructions_end; p++) {
		unsigned long a = PARAVIRT_SITE_ADDR(p);

		if (ret > a && ret <= a + p->len)
			return p->clobbers;
	}
	return 0;
}

void pv_debug_retarget(void)
{
	struct paravirt_callee_save *slots = (void *)&pv_irq_ops;
	static const struct pv_irq_ops trampolines = {
		.save_fl = __PV_IS_CALLEE_SAVE(pv_debug_save_fl),
		.restore_fl = __PV_IS_CALLEE_SAVE(pv_debug_restore_fl),
		.irq_disable = __PV_IS_CALLEE_SAVE(pv_debug_irq_disable),
		.irq_enable = __PV_IS_CALLEE_SAVE(pv_debug_irq_enable),
		.safe_halt = __PV_IS_CALLEE_SAVE(pv_debug_safe_halt),
		.halt = __PV_IS_CALLEE_SAVE(pv_debug_halt),
	};

	for (int i = 0; i < PV_IRQ_NR; i++)
		pv_debug_targets[i] = slots[i].func;
	pv_irq_ops = trampolines;
}

void pv_debug_announce(void)
{
	printk("pvops: PV_DEBUG: unpatched calls trash every register their site may clobber\n");
}
#endif
