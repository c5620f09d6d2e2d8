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
	/* Every saved register, for the layout check in asm/entry.h. */
#ifdef __x86_64__
	OFFSET(PT_REGS_rax, pt_regs, rax);
	OFFSET(PT_REGS_rbx, pt_regs, rbx);
	OFFSET(PT_REGS_rcx, pt_regs, rcx);
	OFFSET(PT_REGS_rdx, pt_regs, rdx);
	OFFSET(PT_REGS_rsi, pt_regs, rsi);
	OFFSET(PT_REGS_rdi, pt_regs, rdi);
	OFFSET(PT_REGS_rbp, pt_regs, rbp);
	OFFSET(PT_REGS_r8, pt_regs, r8);
	OFFSET(PT_REGS_r9, pt_regs, r9);
	OFFSET(PT_REGS_r10, pt_regs, r10);
	OFFSET(PT_REGS_r11, pt_regs, r11);
	OFFSET(PT_REGS_r12, pt_regs, r12);
	OFFSET(PT_REGS_r13, pt_regs, r13);
	OFFSET(PT_REGS_r14, pt_regs, r14);
	OFFSET(PT_REGS_r15, pt_regs, r15);
#else
	OFFSET(PT_REGS_eax, pt_regs, eax);
	OFFSET(PT_REGS_ecx, pt_regs, ecx);
	OFFSET(PT_REGS_edx, pt_regs, edx);
	OFFSET(PT_REGS_ebx, pt_regs, ebx);
	OFFSET(PT_REGS_ebp, pt_regs, ebp);
	OFFSET(PT_REGS_esi, pt_regs, esi);
	OFFSET(PT_REGS_edi, pt_regs, edi);
#endif
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
