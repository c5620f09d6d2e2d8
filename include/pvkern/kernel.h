/* How a run ends. */
#ifndef PVKERN_KERNEL_H
#define PVKERN_KERNEL_H

#include <pvkern/compiler.h>

/*
 * Exit codes written to QEMU's isa-debug-exit device at DEBUG_EXIT_PORT;
 * QEMU exits with (code << 1) | 1, so the host sees 33, 35 and 37. The
 * host scripts and QEMU's command lines read these numbers from here
 * (tools/mk/pylib.mk generates them into Python).
 */
#define DEBUG_EXIT_PORT 0xf4
#define EXIT_PASS 0x10
#define EXIT_FAIL 0x11
#define EXIT_CRASH 0x12

void run_exit(unsigned int code) __noreturn;
void panic(const char *fmt, ...) __printf(1, 2) __noreturn;

#endif
