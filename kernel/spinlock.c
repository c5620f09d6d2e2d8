/*
 * The slow paths of the spinlocks (pvkern/spinlock.h), out of line so
 * that the fast paths stay a few instructions at every caller.
 */
#include <asm/processor.h>
#include <pvkern/spinlock.h>

void spin_lock_wait(spinlock_t *lock, u16 ticket)
{
	while (__atomic_load_n(&lock->owner, __ATOMIC_ACQUIRE) != ticket)
		cpu_relax();
}

/* Entered with interrupts off and the lock taken by another CPU; returns holding it. */
void spin_lock_irqsave_wait(spinlock_t *lock, unsigned long flags)
{
	do {
		local_irq_restore(flags);
		while (spin_is_locked(lock))
			cpu_relax();
		local_irq_disable();
	} while (!spin_trylock(lock));
}
