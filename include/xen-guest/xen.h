/*
 * The kernel as a Xen PV guest: what the PV entry path learned, the
 * shared_info page, the boot vCPU's event flags, the platform and the xen
 * pv backend. All Xen types come from Debian's libxen-dev headers.
 */
#ifndef XEN_GUEST_XEN_H
#define XEN_GUEST_XEN_H

#include <pvkern/compiler.h>
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

/* pvkern runs on the boot vCPU only. */
static inline struct vcpu_info *xen_vcpu(void)
{
	return &xen_shared_info_page.s.vcpu_info[0];
}

extern const struct platform_ops xen_platform;

/* Is this kernel running as a Xen PV guest (the xen platform is active)? */
bool xen_pv_domain(void);
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

/* Xen system time in ns, from the boot vCPU's vcpu_time_info. */
u64 xen_clock_ns(void);
void xen_timer_start(unsigned int hz);

/*
 * Ends the run: a domU with SCHEDOP_shutdown; dom0 through isa-debug-exit,
 * else ACPI S5 through Xen (shutdown.c).
 */
void xen_exit(unsigned int code) __noreturn;
/* dom0: XENPF_enter_acpi_sleep(S5); returns Xen's error if the machine stays on. */
int xen_acpi_poweroff(void);

/* The event upcall and the failsafe callback, called by the entry stubs. */
void xen_evtchn_do_upcall(struct pt_regs *regs);
void xen_failsafe_callback(struct pt_regs *regs);

/* Installs the trap table and the event and failsafe callbacks. */
void xen_init_traps(void);

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
