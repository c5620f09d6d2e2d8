/*
 * What the xen backend's table entry and patch() (patch.c) share with the
 * rest of the backend (irq_ops.c). Host tools compile patch.c and include
 * this file too, so it names no Xen header and holds declarations only.
 */
#ifndef PVOPS_XEN_H
#define PVOPS_XEN_H

#include <asm/paravirt_types.h>

/* What init() finds and patch() needs: the backend's data. */
struct xen_backend_data {
	/*
	 * Address of evtchn_upcall_mask in the per-CPU template's vcpu_info:
	 * the inline irq_disable sites store to it through the per-CPU
	 * segment, which makes it the current vCPU's. init() sets it; host
	 * tools set it from the kernel image (xen_upcall_mask_link_addr).
	 */
	unsigned long upcall_mask_addr;
};

/*
 * That address as the kernel is linked (the template is part of the
 * image). A word in .rodata for host tools to read; the kernel itself
 * uses the backend data's.
 */
extern const unsigned long xen_upcall_mask_link_addr;

struct pv_backend;

/* The two op tables (irq_ops.c), and init(), which picks one of them. */
extern const struct pv_irq_ops xen_irq_ops_asm, xen_irq_ops_c;
const struct pv_irq_ops *xen_backend_init(const struct pv_backend *b);

/* The page-table ops through hypercalls (mmu.c), and their table. */
void xen_set_pte(u64 *ptep, u64 val);
void xen_flush_tlb_one(unsigned long addr);
unsigned long xen_read_cr3(void);
void xen_write_cr3(unsigned long cr3);
extern const struct pv_mmu_ops xen_mmu_ops;

extern const struct pv_backend xen_backend;

/* The halt ops (halt.c), behind callee-save thunks in both tables. */
void xen_safe_halt(void);
void xen_halt(void);
void __raw_callee_save_xen_safe_halt(void);
void __raw_callee_save_xen_halt(void);

#endif
