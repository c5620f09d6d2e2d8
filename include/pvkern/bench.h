/*
 * The benchmark mode (boot option `bench`, kernel/bench.c): instead of the
 * self-tests, count the instructions each interrupt-flag operation costs
 * and print them as `bench:` lines. Meant for QEMU TCG with
 * -icount shift=0,sleep=off,align=off, where rdtsc counts retired
 * instructions exactly; tools/bench/run.py boots it that way.
 */
#ifndef PVKERN_BENCH_H
#define PVKERN_BENCH_H

#include <pvkern/types.h>

/*
 * When the command line asks for it, measure, print and end the run;
 * otherwise return at once. main_tsc is rdtsc at the start of
 * kernel_main(). Call after pv_setup() and before interrupts are on.
 */
void bench_run_if_asked(u64 main_tsc);

#endif
