/*
 * The live ops table. It starts out native, so that every site works
 * before a backend is chosen and on bare metal with pv.nopatch.
 */
#include <asm/paravirt.h>
#include <pvops/native.h>

struct pv_irq_ops pv_irq_ops = NATIVE_IRQ_OPS_INIT;

/* The type numbers are slot indices; the call sites depend on it. */
BUILD_BUG_ON(__builtin_offsetof(struct pv_irq_ops, save_fl) != PV_IRQ_save_fl * PV_WORD_SIZE);
BUILD_BUG_ON(__builtin_offsetof(struct pv_irq_ops, restore_fl) != PV_IRQ_restore_fl * PV_WORD_SIZE);
BUILD_BUG_ON(__builtin_offsetof(struct pv_irq_ops, irq_disable) != PV_IRQ_irq_disable * PV_WORD_SIZE);
BUILD_BUG_ON(__builtin_offsetof(struct pv_irq_ops, irq_enable) != PV_IRQ_irq_enable * PV_WORD_SIZE);
BUILD_BUG_ON(sizeof(struct pv_irq_ops) != PV_IRQ_NR * PV_WORD_SIZE);
BUILD_BUG_ON(sizeof(struct paravirt_patch_site) != 8);
