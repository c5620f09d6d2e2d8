/*
 * The slow path of spin_lock (pvkern/spinlock.h): wait for our ticket.
 * Out of line so that the fast path stays a few instructions at every
 * caller.
 */
#include <asm/processor.h>
#include <pvkern/spinlock.h>

void spin_lock_wait(spinlock_t *lock, u16 ticket)
{
	while (__atomic_load_n(&lock->owner, __ATOMIC_ACQUIRE) != ticket)
		cpu_relax();
}
