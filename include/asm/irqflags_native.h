/*
 * The CPU's own interrupt-flag instructions. Only the native backend and
 * the build without paravirt use them; everything else goes through
 * <asm/irqflags.h>.
 */
#ifndef ASM_IRQFLAGS_NATIVE_H
#define ASM_IRQFLAGS_NATIVE_H

static inline unsigned long native_save_fl(void)
{
	unsigned long f;

	asm volatile("pushf\n\tpop %0" : "=rm"(f)::"memory");
	return f;
}

static inline void native_restore_fl(unsigned long f)
{
	asm volatile("push %0\n\tpopf" ::"g"(f) : "memory", "cc");
}

static inline void native_irq_disable(void)
{
	asm volatile("cli" ::: "memory");
}

static inline void native_irq_enable(void)
{
	asm volatile("sti" ::: "memory");
}

/* sti's one-instruction shadow lasts until the hlt has begun: no wake-up is lost. */
static inline void native_safe_halt(void)
{
	asm volatile("sti; hlt" ::: "memory");
}

static inline void native_halt(void)
{
	asm volatile("hlt" ::: "memory");
}

#endif
