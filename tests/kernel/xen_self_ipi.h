/*
 * A self-IPI event channel for the Xen event tests (PV and PVH): bound on
 * first use, so that a suite that is skipped binds nothing.
 */
#ifndef TESTS_KERNEL_XEN_SELF_IPI_H
#define TESTS_KERNEL_XEN_SELF_IPI_H

#include <asm/irq.h>
#include <pvkern/ktest.h>
#include <xen-guest/events.h>

/* True when *irq is bound (now or before) and handled by fn. */
static inline bool xen_self_ipi_ready(struct ktest *t, int *irq, irq_handler_t fn)
{
	if (*irq < 0) {
		*irq = xen_bind_ipi_to_irq();
		if (*irq < 0) {
			KTEST_FAIL(t, "cannot bind an IPI event channel: %d", *irq);
			return false;
		}
		irq_set_handler(*irq, fn);
	}
	return true;
}

#endif
