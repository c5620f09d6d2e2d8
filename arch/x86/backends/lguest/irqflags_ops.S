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

	.section .text.pv_ops, "ax", @progbits
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

/*
 * safe_halt: the virtual flag on, then a real sti; hlt. The lost wake-up
 * to avoid: the caller looked for its event with the flag off; an
 * interrupt that came since then was deferred (and waits in the pending
 * set with the real IF off), and one that came between the flag going on
 * and the hlt would run at once and leave the hlt waiting for the next
 * one. So the real IF goes off first: from the cli nothing can arrive;
 * anything deferred before is replayed and counts as the wake-up (no
 * hlt); otherwise sti's one-instruction shadow covers the hlt, so an
 * interrupt that is already requested or comes later ends the hlt.
 */
SYM_FUNC_START(lguest_safe_halt_op)
	cli
	movl	$LGUEST_IRQ_ENABLED, FLAG
	cmpl	$0, PENDING
	jne	__raw_callee_save_lguest_replay
	sti
	hlt
	ret
SYM_FUNC_END(lguest_safe_halt_op)

/*
 * halt: wait for an interrupt, the virtual flag as it was. With the flag
 * on, as safe_halt. With it off, the interrupt that ends the hlt is
 * deferred (its entry leaves the real IF off, as for any deferral) and
 * waits for the next enable; one already deferred ends the wait at once,
 * with the real IF off as it was.
 */
SYM_FUNC_START(lguest_halt_op)
	cli
	cmpl	$0, PENDING
	jne	1f
	sti
	hlt
	ret
1:	cmpl	$0, FLAG
	jne	__raw_callee_save_lguest_replay
	ret
SYM_FUNC_END(lguest_halt_op)
