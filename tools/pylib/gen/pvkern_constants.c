/*
 * The numbers the host scripts share with the kernel, generated into Python
 * at build time (tools/mk/pylib.mk), so that no script copies one by hand:
 * how a run ends, the op type numbers, the layout of a .parainstructions
 * record and the clobber masks. Compiled once per target (PV_TARGET_*);
 * never linked.
 */
#include <asm/paravirt_types.h>
#include <pvkern/kernel.h>

#define DEFINE(sym, val) asm volatile("\n.ascii \"->" #sym " %c0 " #val "\"" ::"i"(val))
#define FIELD(sym, mem)                                                            \
	DEFINE(PV_SITE_##sym##_OFFSET, __builtin_offsetof(struct paravirt_patch_site, mem)); \
	DEFINE(PV_SITE_##sym##_SIZE, sizeof(((struct paravirt_patch_site *)0)->mem));       \
	DEFINE(PV_SITE_##sym##_SIGNED, (__typeof__(((struct paravirt_patch_site *)0)->mem))-1 < 0)

void pvkern_constants(void);
void pvkern_constants(void)
{
	DEFINE(EXIT_PASS, EXIT_PASS);
	DEFINE(EXIT_FAIL, EXIT_FAIL);
	DEFINE(EXIT_CRASH, EXIT_CRASH);
	DEFINE(DEBUG_EXIT_PORT, DEBUG_EXIT_PORT);

	DEFINE(PV_IRQ_save_fl, PV_IRQ_save_fl);
	DEFINE(PV_IRQ_restore_fl, PV_IRQ_restore_fl);
	DEFINE(PV_IRQ_irq_disable, PV_IRQ_irq_disable);
	DEFINE(PV_IRQ_irq_enable, PV_IRQ_irq_enable);
	DEFINE(PV_IRQ_NR, PV_IRQ_NR);
	DEFINE(PV_MMU_set_pte, PV_MMU_set_pte);
	DEFINE(PV_MMU_flush_tlb_one, PV_MMU_flush_tlb_one);
	DEFINE(PV_MMU_read_cr3, PV_MMU_read_cr3);
	DEFINE(PV_MMU_write_cr3, PV_MMU_write_cr3);
	DEFINE(PV_MMU_FIRST, PV_MMU_FIRST);
	DEFINE(PV_MMU_NR, PV_MMU_NR);

	DEFINE(PV_SITE_SIZE, sizeof(struct paravirt_patch_site));
	FIELD(INSTR_OFFSET, instr_offset);
	FIELD(TYPE, type);
	FIELD(LEN, len);
	FIELD(CLOBBERS, clobbers);
	DEFINE(PARAVIRT_CALL_LEN, PARAVIRT_CALL_LEN);
	DEFINE(PARAVIRT_SITE_MIN, PARAVIRT_SITE_MIN);
	DEFINE(PARAVIRT_SITE_MAX, PARAVIRT_SITE_MAX);

	DEFINE(PV_WORD_SIZE, PV_WORD_SIZE);
	DEFINE(CLBR_ANY, CLBR_ANY);
	DEFINE(CLBR_ARG_REGS, CLBR_ARG_REGS);
	DEFINE(CLBR_RET_REG, CLBR_RET_REG);
	DEFINE(CLBR_SCRATCH, CLBR_SCRATCH);
	DEFINE(CLBR_CALLEE_SAVE, CLBR_CALLEE_SAVE);
	DEFINE(CLBR_C_CALL, CLBR_C_CALL);
}
