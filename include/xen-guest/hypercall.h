/*
 * Hypercalls through the hypercall page. Xen fills the page (named by the
 * XEN_ELFNOTE_HYPERCALL_PAGE note) with one 32-byte stub per hypercall
 * number; a hypercall is a call to its stub.
 *
 * x86_64: arguments in rdi, rsi, rdx, r10, r8; the stub keeps rcx and r11.
 * i386:   arguments in ebx, ecx, edx, esi, edi (a 64-bit value takes two,
 *         low word first).
 * The result comes back in the accumulator. Debug builds of Xen overwrite
 * the argument registers a call used, so every one is an in/out operand.
 */
#ifndef XEN_GUEST_HYPERCALL_H
#define XEN_GUEST_HYPERCALL_H

#include <xen/xen.h>

/* "call hypercall_page + hypercall-number * 32" (arch-x86/xen-x86_*.h) */
#define XEN_HYPERCALL_STUB_SIZE 32

#ifdef __ASSEMBLY__
/* The first two argument registers, for assembly that makes a hypercall. */
#ifdef __x86_64__
#define XEN_HCALL_ARG1 %rdi
#define XEN_HCALL_ARG2 %rsi
#else
#define XEN_HCALL_ARG1 %ebx
#define XEN_HCALL_ARG2 %ecx
#endif
#else
#include <pvkern/types.h>
#include <xen/sched.h>
#include <xen/event_channel.h>
#include <xen/physdev.h>
#include <xen/callback.h>
#include <xen/vcpu.h>
#include <xen/version.h>
#include <xen/platform.h>

extern char hypercall_page[];

#define XEN_HYPERCALL_STUB(nr) [stub] "i"(&hypercall_page[(nr) * XEN_HYPERCALL_STUB_SIZE])

#ifdef __x86_64__
#define _xen_hypercall(nr, a1, a2, a3, a4, a5)                                      \
	({                                                                              \
		register unsigned long __a1 asm("rdi") = (unsigned long)(a1);               \
		register unsigned long __a2 asm("rsi") = (unsigned long)(a2);               \
		register unsigned long __a3 asm("rdx") = (unsigned long)(a3);               \
		register unsigned long __a4 asm("r10") = (unsigned long)(a4);               \
		register unsigned long __a5 asm("r8") = (unsigned long)(a5);                \
		long __res;                                                                 \
		asm volatile("call %P[stub]"                                                \
			     : "=a"(__res), "+r"(__a1), "+r"(__a2), "+r"(__a3), "+r"(__a4), \
			       "+r"(__a5)                                                   \
			     : XEN_HYPERCALL_STUB(nr)                                       \
			     : "memory", "cc");                                             \
		__res;                                                                      \
	})
#else
#define _xen_hypercall(nr, a1, a2, a3, a4, a5)                                      \
	({                                                                              \
		unsigned long __a1 = (unsigned long)(a1), __a2 = (unsigned long)(a2);       \
		unsigned long __a3 = (unsigned long)(a3), __a4 = (unsigned long)(a4);       \
		unsigned long __a5 = (unsigned long)(a5);                                   \
		long __res;                                                                 \
		asm volatile("call %P[stub]"                                                \
			     : "=a"(__res), "+b"(__a1), "+c"(__a2), "+d"(__a3), "+S"(__a4), \
			       "+D"(__a5)                                                   \
			     : XEN_HYPERCALL_STUB(nr)                                       \
			     : "memory", "cc");                                             \
		__res;                                                                      \
	})
#endif

#define _xen_hypercall1(nr, a1) _xen_hypercall(nr, a1, 0, 0, 0, 0)
#define _xen_hypercall2(nr, a1, a2) _xen_hypercall(nr, a1, a2, 0, 0, 0)
#define _xen_hypercall3(nr, a1, a2, a3) _xen_hypercall(nr, a1, a2, a3, 0, 0)
#define _xen_hypercall4(nr, a1, a2, a3, a4) _xen_hypercall(nr, a1, a2, a3, a4, 0)

static inline int HYPERVISOR_console_io(int cmd, unsigned int count, const char *buf)
{
	return _xen_hypercall3(__HYPERVISOR_console_io, cmd, count, buf);
}

static inline int HYPERVISOR_set_trap_table(const struct trap_info *table)
{
	return _xen_hypercall1(__HYPERVISOR_set_trap_table, table);
}

static inline int HYPERVISOR_callback_op(int cmd, const void *arg)
{
	return _xen_hypercall2(__HYPERVISOR_callback_op, cmd, arg);
}

static inline int HYPERVISOR_update_va_mapping(unsigned long va, u64 pte, unsigned long flags)
{
#ifdef __x86_64__
	return _xen_hypercall3(__HYPERVISOR_update_va_mapping, va, pte, flags);
#else
	return _xen_hypercall4(__HYPERVISOR_update_va_mapping, va, (u32)pte, (u32)(pte >> 32),
			       flags);
#endif
}

static inline int HYPERVISOR_mmu_update(struct mmu_update *reqs, unsigned int count,
					unsigned int *done, domid_t dom)
{
	return _xen_hypercall4(__HYPERVISOR_mmu_update, reqs, count, done, dom);
}

static inline int HYPERVISOR_mmuext_op(struct mmuext_op *ops, unsigned int count,
				       unsigned int *done, domid_t dom)
{
	return _xen_hypercall4(__HYPERVISOR_mmuext_op, ops, count, done, dom);
}

static inline int HYPERVISOR_event_channel_op(int cmd, void *arg)
{
	return _xen_hypercall2(__HYPERVISOR_event_channel_op, cmd, arg);
}

/* Absolute Xen system time in ns; 0 cancels the timer. */
static inline int HYPERVISOR_set_timer_op(u64 deadline)
{
#ifdef __x86_64__
	return _xen_hypercall1(__HYPERVISOR_set_timer_op, deadline);
#else
	return _xen_hypercall2(__HYPERVISOR_set_timer_op, (u32)deadline, (u32)(deadline >> 32));
#endif
}

static inline int HYPERVISOR_sched_op(int cmd, void *arg)
{
	return _xen_hypercall2(__HYPERVISOR_sched_op, cmd, arg);
}

static inline int HYPERVISOR_physdev_op(int cmd, void *arg)
{
	return _xen_hypercall2(__HYPERVISOR_physdev_op, cmd, arg);
}

static inline long HYPERVISOR_xen_version(int cmd, void *arg)
{
	return _xen_hypercall2(__HYPERVISOR_xen_version, cmd, arg);
}

#ifdef __x86_64__
static inline int HYPERVISOR_set_segment_base(int reg, unsigned long value)
{
	return _xen_hypercall2(__HYPERVISOR_set_segment_base, reg, value);
}
#else
/* frames: the machine frame of each page of the GDT, each mapped read-only. */
static inline int HYPERVISOR_set_gdt(const unsigned long *frames, unsigned int entries)
{
	return _xen_hypercall2(__HYPERVISOR_set_gdt, frames, entries);
}

/* Writes one descriptor at machine address maddr of a registered GDT page. */
static inline int HYPERVISOR_update_descriptor(u64 maddr, u64 desc)
{
	return _xen_hypercall4(__HYPERVISOR_update_descriptor, (u32)maddr, (u32)(maddr >> 32),
			       (u32)desc, (u32)(desc >> 32));
}
#endif

static inline int HYPERVISOR_vcpu_op(int cmd, unsigned int vcpu, void *arg)
{
	return _xen_hypercall3(__HYPERVISOR_vcpu_op, cmd, vcpu, arg);
}

/* XENMEM_*: a PVH guest maps shared_info into its physical memory with it. */
static inline int HYPERVISOR_memory_op(unsigned int cmd, void *arg)
{
	return _xen_hypercall2(__HYPERVISOR_memory_op, cmd, arg);
}

/* HVMOP_*: an HVM or PVH guest's parameters (callback vector, console ring). */
static inline int HYPERVISOR_hvm_op(int cmd, void *arg)
{
	return _xen_hypercall2(__HYPERVISOR_hvm_op, cmd, arg);
}

/* dom0 only: operations on the physical machine (XENPF_*). */
static inline int HYPERVISOR_platform_op(struct xen_platform_op *op)
{
	op->interface_version = XENPF_INTERFACE_VERSION;
	return _xen_hypercall1(__HYPERVISOR_platform_op, op);
}
#endif /* __ASSEMBLY__ */

#endif
