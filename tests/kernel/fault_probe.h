/* Provoking a page fault on purpose and catching it (fault_probe.c). */
#ifndef TESTS_KERNEL_FAULT_PROBE_H
#define TESTS_KERNEL_FAULT_PROBE_H

#include <pvkern/types.h>

/* The last probe's page faults: how many, CR2 and the error code of the last. */
struct pf_record {
	volatile unsigned long hits, cr2, error;
};
extern struct pf_record pf_last;

/* Writes v at addr; true if that faulted (the write did not happen). */
bool write_faults(volatile void *addr, u8 v);
/* Stores the word v at addr; true if that faulted. */
bool write_long_faults(volatile unsigned long *addr, unsigned long v);
/* Reads the byte at addr; true if that faulted. */
bool read_faults(const volatile void *addr);
/*
 * Calls fn (code that sets eax and returns); true if fetching it faulted.
 * *ret gets eax as fn left it.
 */
bool call_faults(const void *fn, unsigned long *ret);

#endif
