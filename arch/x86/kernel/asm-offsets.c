/*
 * Offsets and sizes that assembly needs, generated from the C definitions
 * at build time (see the Makefile's asm-offsets rule).
 */
#include <asm/ptrace.h>
#include <asm/paravirt_types.h>
#include <asm/processor.h>

#define DEFINE(sym, val) asm volatile("\n.ascii \"->" #sym " %c0 " #val "\"" ::"i"(val))
#define OFFSET(sym, str, mem) DEFINE(sym, __builtin_offsetof(struct str, mem))

void asm_offsets(void);
void asm_offsets(void)
{
	OFFSET(PT_REGS_pvflags, pt_regs, pvflags);
	OFFSET(PT_REGS_vector, pt_regs, vector);
	OFFSET(PT_REGS_error_code, pt_regs, error_code);
	OFFSET(PT_REGS_ip, pt_regs, ip);
	OFFSET(PT_REGS_flags, pt_regs, flags);
	DEFINE(PT_REGS_SIZE, sizeof(struct pt_regs));
	DEFINE(ASM_EFLAGS_TF, X86_EFLAGS_TF);
	DEFINE(ASM_EFLAGS_IF, X86_EFLAGS_IF);
	OFFSET(PV_IRQ_OPS_save_fl, pv_irq_ops, save_fl);
	OFFSET(PV_IRQ_OPS_restore_fl, pv_irq_ops, restore_fl);
	OFFSET(PV_IRQ_OPS_irq_disable, pv_irq_ops, irq_disable);
	OFFSET(PV_IRQ_OPS_irq_enable, pv_irq_ops, irq_enable);
	DEFINE(PV_PATCH_SITE_SIZE, sizeof(struct paravirt_patch_site));
}
