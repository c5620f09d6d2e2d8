/*
 * What "the pending tick arrived right after the enabling site" means in a
 * test: at least the one tick that was pending must be counted by the first
 * instruction after the site. A second one is allowed: on a loaded host
 * QEMU can stall for a whole period at any instruction, and the TSC cannot
 * tell us reliably that it did (it was calibrated against late ticks too).
 * A lost or late delivery still shows as no tick at all.
 */
#ifndef TESTS_TICK_EXPECT_H
#define TESTS_TICK_EXPECT_H

#include <pvkern/ktest.h>

#define KEXPECT_PENDING_TICK_DELIVERED(t, before, after) \
	do {                                                  \
		KEXPECT_GE(t, after, (before) + 1);               \
		KEXPECT_LE(t, after, (before) + 2);               \
	} while (0)

#endif
