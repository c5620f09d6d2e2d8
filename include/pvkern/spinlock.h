/*
 * Spinlocks: a ticket lock (CPUs get the lock in the order they asked), and
 * its irqsave form, which turns the current CPU's interrupts off through
 * the pv ops before it takes the lock: an interrupt handler that takes the
 * same lock can then never interrupt its holder on the same CPU.
 *
 *	unsigned long flags;
 *
 *	spin_lock_irqsave(&lock, flags);
 *	...
 *	spin_unlock_irqrestore(&lock, flags);
 */
#ifndef PVKERN_SPINLOCK_H
#define PVKERN_SPINLOCK_H

#include <asm/irqflags.h>
#include <pvkern/compiler.h>
#include <pvkern/types.h>

typedef struct {
	union {
		u32 word;
		struct {
			u16 owner; /* the ticket being served */
			u16 next;  /* the next ticket to hand out */
		};
	};
} spinlock_t;

#define SPINLOCK_TICKET_ONE (1u << 16) /* "next" is the high half of the word */

#define __SPIN_LOCK_UNLOCKED { { 0 } }
#define DEFINE_SPINLOCK(x) spinlock_t x = __SPIN_LOCK_UNLOCKED

static inline void spin_lock_init(spinlock_t *lock)
{
	WRITE_ONCE(lock->word, 0);
}

void spin_lock_wait(spinlock_t *lock, u16 ticket);

static inline void spin_lock(spinlock_t *lock)
{
	u32 old = __atomic_fetch_add(&lock->word, SPINLOCK_TICKET_ONE, __ATOMIC_ACQUIRE);

	if ((u16)(old >> 16) != (u16)old)
		spin_lock_wait(lock, (u16)(old >> 16));
}

static inline bool spin_trylock(spinlock_t *lock)
{
	u32 old = READ_ONCE(lock->word);

	if ((u16)(old >> 16) != (u16)old)
		return false;
	return __atomic_compare_exchange_n(&lock->word, &old, old + SPINLOCK_TICKET_ONE, false,
					   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

static inline void spin_unlock(spinlock_t *lock)
{
	/* Only the holder writes owner: a plain store of the next ticket. */
	__atomic_store_n(&lock->owner, (u16)(lock->owner + 1), __ATOMIC_RELEASE);
}

static inline bool spin_is_locked(spinlock_t *lock)
{
	u32 w = READ_ONCE(lock->word);

	return (u16)(w >> 16) != (u16)w;
}

void spin_lock_irqsave_wait(spinlock_t *lock, unsigned long flags);

/*
 * A CPU that has to wait does so with its interrupts as they were before
 * (on, usually), as Linux's irqsave locks once did: under an emulator a
 * holder may sit preempted by the host for milliseconds, and the waiter
 * should go on taking its ticks and IPIs meanwhile. It takes the lock
 * only with interrupts off, when the lock is free and no one queues for
 * it.
 */
#define spin_lock_irqsave(lock, flags)                       \
	do {                                                 \
		local_irq_save(flags);                       \
		if (!spin_trylock(lock))                     \
			spin_lock_irqsave_wait(lock, flags); \
	} while (0)

#define spin_unlock_irqrestore(lock, flags) \
	do {                                \
		spin_unlock(lock);          \
		local_irq_restore(flags);   \
	} while (0)

#endif
