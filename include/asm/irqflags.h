/*
 * Interrupt-flag operations for the rest of the kernel, in C and in
 * assembly. With paravirt they are patchable call sites; the no-paravirt
 * build (the floor `make bench` measures against) uses the instructions
 * directly.
 */
#ifndef ASM_IRQFLAGS_H
#define ASM_IRQFLAGS_H

#ifdef CONFIG_PARAVIRT
#include <asm/paravirt.h>
#endif

#ifdef __ASSEMBLY__
#ifndef CONFIG_PARAVIRT
#define DISABLE_INTERRUPTS(clobbers) cli
#define ENABLE_INTERRUPTS(clobbers) sti
#ifdef __x86_64__
#define SAVE_FLAGS(clobbers) pushf; pop %rax
#define RESTORE_FLAGS(clobbers) push %rdi; popf
#else
#define SAVE_FLAGS(clobbers) pushf; pop %eax
#define RESTORE_FLAGS(clobbers) push %eax; popf
#endif
#endif
#else /* !__ASSEMBLY__ */

#include <asm/processor.h>

#ifndef CONFIG_PARAVIRT
#include <asm/irqflags_native.h>
#define arch_local_save_flags native_save_fl
#define arch_local_irq_restore native_restore_fl
#define arch_local_irq_disable native_irq_disable
#define arch_local_irq_enable native_irq_enable

static inline void arch_safe_halt(void)
{
	native_safe_halt();
}

static inline void halt(void)
{
	native_halt();
}
#endif

static inline unsigned long arch_local_irq_save(void)
{
	unsigned long f = arch_local_save_flags();

	arch_local_irq_disable();
	return f;
}

#define local_irq_save(flags) ((flags) = arch_local_irq_save())
#define local_irq_restore(flags) arch_local_irq_restore(flags)
#define local_irq_disable() arch_local_irq_disable()
#define local_irq_enable() arch_local_irq_enable()
#define local_save_flags(flags) ((flags) = arch_local_save_flags())

static inline bool irqs_disabled_flags(unsigned long flags)
{
	return !(flags & X86_EFLAGS_IF);
}

static inline bool irqs_disabled(void)
{
	return irqs_disabled_flags(arch_local_save_flags());
}

#endif /* __ASSEMBLY__ */
#endif
