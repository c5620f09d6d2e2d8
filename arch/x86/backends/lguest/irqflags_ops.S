/*
 * The lguest-style ops, what every site calls (unpatched) or calls
 * directly (patched irq_enable and restore_fl). Each keeps every register
 * but the return register, so they are installed with __PV_IS_CALLEE_SAVE.
 * Each acts on this CPU's flag and pending set: the operands name the
 * per-CPU templates through the per-CPU segment (pvkern/percpu.h).
 *
 * Turning the flag on is a store and a check of lguest_irq_pending; the
 * store comes first, so an interrupt that slips in before it has been
 * deferred (and is seen by the check), and one that comes after it runs
 * at once. When something is pending the CPU's real IF is off, so nothing
 * can arrive between the check and the replay. The slow path tail-jumps
 * to the callee-save thunk of lguest_replay().
 */
#include <asm/asm.h>
#include <pvops/lguest.h>

#ifdef __x86_64__
#define FLAG %gs:lguest_irq_enabled(%rip)
#define PENDING %gs:lguest_irq_pending(%rip)
#else
#define FLAG %fs:lguest_irq_enabled
#define PENDING %fs:lguest_irq_pending
#endif

	.text
SYM_FUNC_START(lguest_save_fl_op)
	movl	FLAG, %eax		/* zero-extends into %rax */
	ret
SYM_FUNC_END(lguest_save_fl_op)

SYM_FUNC_START(lguest_irq_disable_op)
	movl	$0, FLAG
	ret
SYM_FUNC_END(lguest_irq_disable_op)

SYM_FUNC_START(lguest_irq_enable_op)
	movl	$LGUEST_IRQ_ENABLED, FLAG
	cmpl	$0, PENDING
	jne	__raw_callee_save_lguest_replay
	ret
SYM_FUNC_END(lguest_irq_enable_op)

/* The flags arrive in %rdi (x86_64) or %eax (i386, -mregparm=3). */
SYM_FUNC_START(lguest_restore_fl_op)
#ifdef __x86_64__
	movl	%edi, %eax
#endif
	andl	$LGUEST_IRQ_ENABLED, %eax
	movl	%eax, FLAG		/* mov leaves ZF from the and */
	jz	1f
	cmpl	$0, PENDING
	jne	__raw_callee_save_lguest_replay
1:	ret
SYM_FUNC_END(lguest_restore_fl_op)
