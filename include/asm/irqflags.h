/*
 * Interrupt-flag operations for the rest of the kernel. With paravirt they
 * are patchable call sites; the no-paravirt build (the floor `make bench`
 * measures against) uses the instructions directly.
 */
#ifndef ASM_IRQFLAGS_H
#define ASM_IRQFLAGS_H

#include <asm/processor.h>

#ifdef CONFIG_PARAVIRT
#include <asm/paravirt.h>
#else
#include <asm/irqflags_native.h>
#define arch_local_save_flags native_save_fl
#define arch_local_irq_restore native_restore_fl
#define arch_local_irq_disable native_irq_disable
#define arch_local_irq_enable native_irq_enable
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

#endif
