/*
 * The live ops table. It starts out native, so that every site works
 * before a backend is chosen and on bare metal with pv.nopatch.
 */
#include <asm/paravirt.h>
#include <pvops/native.h>

struct pv_irq_ops pv_irq_ops = NATIVE_IRQ_OPS_INIT;
struct pv_mmu_ops pv_mmu_ops = NATIVE_MMU_OPS_INIT;

/* The type numbers are slot indices; the call sites depend on it. */
BUILD_BUG_ON(__builtin_offsetof(struct pv_irq_ops, save_fl) != PV_IRQ_save_fl * PV_WORD_SIZE);
BUILD_BUG_ON(__builtin_offsetof(struct pv_irq_ops, restore_fl) != PV_IRQ_restore_fl * PV_WORD_SIZE);
BUILD_BUG_ON(__builtin_offsetof(struct pv_irq_ops, irq_disable) != PV_IRQ_irq_disable * PV_WORD_SIZE);
BUILD_BUG_ON(__builtin_offsetof(struct pv_irq_ops, irq_enable) != PV_IRQ_irq_enable * PV_WORD_SIZE);
BUILD_BUG_ON(sizeof(struct pv_irq_ops) != PV_IRQ_NR * PV_WORD_SIZE);
BUILD_BUG_ON(sizeof(struct paravirt_patch_site) != 8);
BUILD_BUG_ON(__builtin_offsetof(struct pv_mmu_ops, set_pte) != PV_TYPE_SLOT(PV_MMU_set_pte) * PV_WORD_SIZE);
BUILD_BUG_ON(__builtin_offsetof(struct pv_mmu_ops, flush_tlb_one) !=
	     PV_TYPE_SLOT(PV_MMU_flush_tlb_one) * PV_WORD_SIZE);
BUILD_BUG_ON(__builtin_offsetof(struct pv_mmu_ops, read_cr3) != PV_TYPE_SLOT(PV_MMU_read_cr3) * PV_WORD_SIZE);
BUILD_BUG_ON(__builtin_offsetof(struct pv_mmu_ops, write_cr3) != PV_TYPE_SLOT(PV_MMU_write_cr3) * PV_WORD_SIZE);
BUILD_BUG_ON(sizeof(struct pv_mmu_ops) != PV_MMU_NR * PV_WORD_SIZE);
/* The irq group's types must stay below the first group boundary. */
BUILD_BUG_ON(PV_IRQ_NR > (1 << PV_GROUP_SHIFT));

#ifdef CONFIG_PV_PLAIN_CALLS
/*
 * The wrappers' clobber list names every register a C call may destroy:
 * the listed ones plus the return register (an output operand).
 */
#define PV_NR_EXTRA_CLOBBERS (sizeof((const char *[]){ PV_EXTRA_CLOBBERS }) / sizeof(char *))
BUILD_BUG_ON(PV_NR_EXTRA_CLOBBERS + 1 != __builtin_popcount(CLBR_C_CALL));
#endif
