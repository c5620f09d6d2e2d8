/*
 * PV_DEBUG trampolines, both architectures (see debug.c). Each calls the
 * real op, then poisons every register in its site's clobber mask;
 * save_fl keeps the accumulator, which carries its result.
 */
#ifdef CONFIG_PV_DEBUG
#include <asm/asm.h>
#include <asm/paravirt_types.h>

#ifdef __x86_64__
#define POISON $0xdeadbeefdeadbeef
/* What a C call may destroy: saved around pv_debug_site_clobbers(). */
#define C_SCRATCH_REGS(X) X(rax) X(rcx) X(rdx) X(rsi) X(rdi) X(r8) X(r9) X(r10) X(r11)
/* Every register a clobber mask can name, with its bit. */
#define MASK_REGS(X) X(CLBR_RAX, rax) X(CLBR_RCX, rcx) X(CLBR_RDX, rdx) X(CLBR_RDI, rdi) \
	X(CLBR_RSI, rsi) X(CLBR_R8, r8) X(CLBR_R9, r9) X(CLBR_R10, r10) X(CLBR_R11, r11)
#define CMP_WORD cmpq
#else
#define POISON $0xdeadbeef
#define C_SCRATCH_REGS(X) X(eax) X(ecx) X(edx)
#define MASK_REGS(X) X(CLBR_EAX, eax) X(CLBR_ECX, ecx) X(CLBR_EDX, edx) X(CLBR_EDI, edi)
#define CMP_WORD cmpl
#endif

.macro TRAMPOLINE op, type, keep_ret
	.section .text.pv_ops, "ax", @progbits
SYM_FUNC_START(pv_debug_\op)
	call	*pv_debug_targets + (\type) * _WORD_SIZE
	push	$\keep_ret
	jmp	pv_debug_trash
SYM_FUNC_END(pv_debug_\op)
.endm

TRAMPOLINE save_fl, PV_IRQ_save_fl, 1
TRAMPOLINE restore_fl, PV_IRQ_restore_fl, 0
TRAMPOLINE irq_disable, PV_IRQ_irq_disable, 0
TRAMPOLINE irq_enable, PV_IRQ_irq_enable, 0
TRAMPOLINE safe_halt, PV_IRQ_safe_halt, 0
TRAMPOLINE halt, PV_IRQ_halt, 0

#define PUSH_SCRATCH(r) push %r ; nr_saved = nr_saved + 1 ;
/* The mask to apply is on top of the stack. */
#define POISON_IF(bit, r) testl $bit, (_ASM_SP) ; jz 1f ; mov POISON, %r ; 1: ;

/* Stack: keep-accumulator flag, then the return address into the site. */
SYM_FUNC_START(pv_debug_trash)
	nr_saved = 0
	C_SCRATCH_REGS(PUSH_SCRATCH)
	mov	(nr_saved + 1) * _WORD_SIZE(_ASM_SP), _ASM_ARG0	/* the site's address */
	call	pv_debug_site_clobbers
	CMP_WORD $0, nr_saved * _WORD_SIZE(_ASM_SP)
	je	1f
	and	$~CLBR_RET_REG, _ASM_AX
1:	mov	_ASM_AX, nr_saved * _WORD_SIZE(_ASM_SP)	/* the flag becomes the mask */
	POP_REVERSE C_SCRATCH_REGS(ASM_LIST_REG)
	MASK_REGS(POISON_IF)
	lea	_WORD_SIZE(_ASM_SP), _ASM_SP	/* drop the mask; lea keeps the flags */
	ret
SYM_FUNC_END(pv_debug_trash)
#endif
