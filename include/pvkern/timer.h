/* The periodic tick, whichever device drives it. */
#ifndef PVKERN_TIMER_H
#define PVKERN_TIMER_H

#include <pvkern/types.h>

#define TIMER_DEFAULT_HZ 100

/* Called from the platform's timer interrupt, on the CPU it came to. */
void timer_tick(void);
/* The ticks this CPU has taken; those CPU cpu has taken. */
u64 timer_ticks(void);
u64 timer_ticks_of(unsigned int cpu);
unsigned int timer_hz(void);
void timer_init(unsigned int hz);
/* Every online CPU ticks at hz. */
void timer_set_hz(unsigned int hz);
/* The rate timer.hz= asks for, or TIMER_DEFAULT_HZ. */
unsigned int timer_boot_hz(void);
/* Called on each tick, on every CPU, after the count is updated; NULL to remove. */
void timer_set_hook(void (*hook)(void));

/* TSC cycles per tick, measured at timer_init with interrupts enabled. */
u64 timer_tsc_per_tick(void);
/* Spin for n tick periods by the TSC: works with interrupts disabled. */
void timer_spin_periods(unsigned int n);
/*
 * Waits, halted (safe_halt), until timer_ticks() reaches target; false if
 * limit TSC cycles passed first. Interrupts are on while it waits; the
 * caller's state comes back at the end.
 */
bool timer_wait_ticks(u64 target, u64 limit);

#endif
