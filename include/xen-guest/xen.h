/*
 * The kernel as a Xen PV guest: what the PV entry path learned, the
 * shared_info page, each vCPU's vcpu_info, the platform and the xen pv
 * backend. All Xen types come from Debian's libxen-dev headers.
 */
#ifndef XEN_GUEST_XEN_H
#define XEN_GUEST_XEN_H

#include <pvkern/compiler.h>
#include <pvkern/percpu.h>
#include <pvkern/types.h>
#include <xen/xen.h>

#define XEN_PAGE_SIZE 4096 /* the x86 page: the unit of every PV mapping */

/* start_info.magic is "xen-<version>-<platform>" (xen.h). */
#ifdef __x86_64__
#define XEN_PLATFORM_MAGIC "-x86_64"
#else
#define XEN_PLATFORM_MAGIC "-x86_32p" /* 32-bit PV on PAE page tables */
#endif

struct pt_regs;
struct pv_backend;
struct platform_ops;

/* start_info, as Xen handed it to the PV entry point. */
extern start_info_t *xen_start_info;

/* The machine address behind a kernel address (pseudo-physical = virtual here). */
static inline u64 xen_virt_to_machine(const void *p)
{
	const unsigned long *mfns = (const unsigned long *)xen_start_info->mfn_list;
	unsigned long va = (unsigned long)p;

	return (u64)mfns[va / XEN_PAGE_SIZE] * XEN_PAGE_SIZE + va % XEN_PAGE_SIZE;
}

/*
 * A page of the kernel's .bss whose mapping the entry path points at the
 * shared_info frame, so its address is known when the kernel is linked
 * (the assembly ops and inline patches rely on that).
 */
union xen_shared_info_page {
	struct shared_info s;
	u8 page[XEN_PAGE_SIZE];
};
extern union xen_shared_info_page xen_shared_info_page;

/*
 * Each vCPU's vcpu_info (its event mask and pending flags, its time) lives
 * in its per-CPU area, registered with VCPUOP_register_vcpu_info as Linux
 * places it (vcpu_info.c): so the irq ops reach the current vCPU's with
 * one %gs- or %fs-relative access to this template symbol.
 */
#define XEN_VCPU_INFO_ALIGN 64
DECLARE_PER_CPU(struct vcpu_info, xen_vcpu_info);

/* This vCPU's vcpu_info. */
static inline struct vcpu_info *xen_vcpu(void)
{
	return this_cpu_ptr(xen_vcpu_info);
}

/* The machine frame behind a kernel address (pseudo-physical = virtual here). */
static inline unsigned long xen_virt_to_mfn(const void *p)
{
	const unsigned long *mfns = (const unsigned long *)xen_start_info->mfn_list;

	return mfns[(unsigned long)p / XEN_PAGE_SIZE];
}

/* Is this kernel running as a Xen PV guest (the xen platform is active)? */
bool xen_pv_domain(void);

/*
 * The frame Xen's interfaces take for a kernel address (Linux's
 * virt_to_gfn): the machine frame for a PV guest; for a PVH guest, whose
 * memory is identity-mapped, the guest-physical one.
 */
static inline unsigned long xen_virt_to_gfn(const void *p)
{
	return xen_pv_domain() ? xen_virt_to_mfn(p) : (unsigned long)p / XEN_PAGE_SIZE;
}

/*
 * Registers CPU cpu's per-CPU vcpu_info as vCPU cpu's (the boot vCPU
 * itself, or another before it is started) and logs one line saying
 * where, or why not; Xen's error, or 0.
 */
int xen_vcpu_info_register(unsigned int cpu);

extern const struct platform_ops xen_platform;
/* Is this start_info.magic one Xen gives a guest of our kind ("xen-<version>-<platform>")? */
bool xen_start_info_magic_ok(const char *magic);
/*
 * Fill *boot from start_info (protocol, command line copied into cmdline,
 * memory size). NULL, or the first damage found in one line: whatever was
 * not damaged is still read.
 */
struct boot_info;
const char *xen_parse_start_info(const start_info_t *si, struct boot_info *boot,
				 char *cmdline, size_t cmdline_size);
void xen_percpu_load(unsigned int cpu, unsigned long offset);
/*
 * Puts CPU cpu's per-CPU segment into the context its vCPU starts from:
 * the kernel GS base on x86_64; on i386 its descriptor in the GDT page,
 * that page as the vCPU's GDT and the selector in %fs.
 */
struct vcpu_guest_context;
void xen_percpu_fill_context(unsigned int cpu, unsigned long offset,
			     struct vcpu_guest_context *ctxt);

/* Xen system time in ns, from this vCPU's vcpu_time_info. */
u64 xen_clock_ns(void);
/* A periodic VIRQ_TIMER tick on every online vCPU, each calling timer_tick(). */
void xen_timer_start(unsigned int hz);

/* Secondary vCPUs (smp.c): the platform's smp_boot, wake_cpu and wait_for_work. */
void xen_smp_boot(const struct boot_info *boot);
void xen_wake_cpu(unsigned int cpu);
void xen_wait_for_work(void);

/*
 * Ends the run: a domU with SCHEDOP_shutdown; dom0 through isa-debug-exit,
 * else ACPI S5 through Xen (shutdown.c).
 */
void xen_exit(unsigned int code) __noreturn;
/* The two ends, shared with PVH: a domU's SCHEDOP_shutdown, and dom0's. */
void xen_domu_exit(unsigned int code) __noreturn;
/*
 * dom0: the exit port (after PHYSDEVOP_set_iopl when pv), else
 * acpi_poweroff(), else SCHEDOP_shutdown.
 */
void xen_dom0_exit(unsigned int code, bool pv, int (*acpi_poweroff)(void)) __noreturn;
/* PV dom0: XENPF_enter_acpi_sleep(S5); returns Xen's error if the machine stays on. */
int xen_acpi_poweroff(void);
/* XENPF_enter_acpi_sleep(S5) with info's \_S5 values; returns when it failed. */
struct acpi_poweroff_info;
int xen_acpi_enter_s5(const struct acpi_poweroff_info *info);

/* The event upcall and the failsafe callback, called by the entry stubs. */
void xen_evtchn_do_upcall(struct pt_regs *regs);
void xen_failsafe_callback(struct pt_regs *regs);

/* Installs the trap table and the event and failsafe callbacks. */
void xen_init_traps(void);
/* The same for a vCPU yet to start: its virtual IDT (indexed by vector) and callbacks. */
void xen_fill_trap_context(struct vcpu_guest_context *ctxt);

/*
 * The irq ops. C versions, which reach the ops table through
 * PV_CALLEE_SAVE_REGS_THUNK, and register-clean assembly versions
 * (irq_ops_asm.S) registered with __PV_IS_CALLEE_SAVE. The boot
 * parameter xen.irq_ops=c|asm chooses (default asm).
 */
unsigned long xen_save_fl(void);
void xen_restore_fl(unsigned long flags);
void xen_irq_disable(void);
void xen_irq_enable(void);
void xen_save_fl_direct(void);
void xen_restore_fl_direct(void);
void xen_irq_disable_direct(void);
void xen_irq_enable_direct(void);
/* Makes Xen deliver the pending upcall now: any hypercall will do. */
void xen_force_evtchn_callback(void);

/* Which of the two sets the backend installed: "c" or "asm". */
const char *xen_irq_ops_flavour(void);
extern const struct pv_irq_ops xen_irq_ops_c, xen_irq_ops_asm;

#endif
