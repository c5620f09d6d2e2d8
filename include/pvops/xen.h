/*
 * What the xen backend's table entry and patch() (patch.c) share with the
 * rest of the backend (irq_ops.c). Host tools compile patch.c and include
 * this file too, so it names no Xen header and holds declarations only.
 */
#ifndef PVOPS_XEN_H
#define PVOPS_XEN_H

#include <asm/paravirt_types.h>

/*
 * Address of the boot vCPU's evtchn_upcall_mask, the byte the inline
 * irq_disable sites store to. init() sets it; host tools set it from the
 * kernel image (xen_upcall_mask_link_addr).
 */
extern unsigned long xen_upcall_mask_addr;

/*
 * The mask byte's address as the kernel is linked: shared_info is mapped
 * over a page of .bss, so it is fixed then. A word in .rodata for host
 * tools to read; the kernel itself uses xen_upcall_mask_addr.
 */
extern const unsigned long xen_upcall_mask_link_addr;

/* The ops init() chose (the backend's irq_ops), and init() itself. */
extern struct pv_irq_ops xen_irq_ops;
int xen_backend_init(void);

extern const struct pv_backend xen_backend;

#endif
