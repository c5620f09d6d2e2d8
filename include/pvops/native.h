/*
 * The native ops: the CPU's own instructions, written in assembly so that
 * they keep every register but the return register (callee-save by
 * construction), and the byte templates the native backend patches in.
 */
#ifndef PVOPS_NATIVE_H
#define PVOPS_NATIVE_H

#include <pvkern/types.h>
#include <pvops/patch.h>

void native_save_fl_op(void);
void native_restore_fl_op(void);
void native_irq_disable_op(void);
void native_irq_enable_op(void);
void native_safe_halt_op(void);
void native_halt_op(void);

/* The native ops as a pv_irq_ops initialiser. */
#define NATIVE_IRQ_OPS_INIT                                       \
	{                                                             \
		.save_fl = __PV_IS_CALLEE_SAVE(native_save_fl_op),         \
		.restore_fl = __PV_IS_CALLEE_SAVE(native_restore_fl_op),   \
		.irq_disable = __PV_IS_CALLEE_SAVE(native_irq_disable_op), \
		.irq_enable = __PV_IS_CALLEE_SAVE(native_irq_enable_op),   \
		.safe_halt = __PV_IS_CALLEE_SAVE(native_safe_halt_op),     \
		.halt = __PV_IS_CALLEE_SAVE(native_halt_op),               \
	}

void native_set_pte_op(u64 *ptep, u64 val);
void native_flush_tlb_one_op(unsigned long addr);
unsigned long native_read_cr3_op(void);
void native_write_cr3_op(unsigned long cr3);

#define NATIVE_MMU_OPS_INIT                          \
	{                                                \
		.set_pte = native_set_pte_op,                \
		.flush_tlb_one = native_flush_tlb_one_op,    \
		.read_cr3 = native_read_cr3_op,              \
		.write_cr3 = native_write_cr3_op,            \
	}

/* Indexed by op type. */
extern const struct paravirt_template native_templates[];
/* Indexed by the mmu op's slot (PV_TYPE_SLOT()). */
extern const struct paravirt_template native_mmu_templates[];
extern const struct pv_mmu_ops native_mmu_ops;
/* patch() for an mmu site: the native instruction, for every backend that runs native's mmu ops. */
unsigned int native_patch_mmu(u8 type, u16 clobbers, void *buf, unsigned long addr,
			      unsigned int len);

#endif
