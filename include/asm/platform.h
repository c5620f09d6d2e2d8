/*
 * What differs between the machines pvkern boots on (bare metal, a Xen PV
 * or PVH domain): console, timer, interrupt controller, how a run ends. The entry
 * path for each platform fills one of these; common code only calls it.
 */
#ifndef ASM_PLATFORM_H
#define ASM_PLATFORM_H

#include <asm/screen.h>
#include <pvkern/compiler.h>
#include <pvkern/types.h>

struct pv_backend;
struct boot_info;

struct platform_ops {
	const char *name;
	void (*console_write)(const char *s, size_t n);
	/*
	 * Start (or re-program) a periodic tick that calls timer_tick(), on
	 * every online CPU (each counts its own ticks).
	 */
	void (*timer_start)(unsigned int hz);
	/* Interrupt controller: keep one line from firing, let it fire again. */
	void (*irq_mask)(unsigned int irq);
	void (*irq_unmask)(unsigned int irq);
	void (*irq_eoi)(unsigned int irq);
	/*
	 * Whether the controller holds a request on the line that it has not
	 * delivered yet (one that came while the line was masked, say). NULL
	 * when the platform cannot tell.
	 */
	bool (*irq_latched)(unsigned int irq);
	/*
	 * Runs on CPU cpu: point its per-CPU segment (%gs on x86_64, %fs on
	 * i386) at offset, the distance to its per-CPU area.
	 */
	void (*percpu_load)(unsigned int cpu, unsigned long offset);
	/*
	 * After boot patching: make kernel text read-only and data not
	 * executable, and log which ranges (NULL: not on this platform).
	 */
	void (*protect_kernel)(void);
	/* Starts the other CPUs (NULL: the platform runs on one). */
	void (*smp_boot)(const struct boot_info *boot);
	/* Wakes CPU cpu from wait_for_work(). */
	void (*wake_cpu)(unsigned int cpu);
	/*
	 * An idle CPU with nothing to do: sleep until an interrupt (a wake-up
	 * from another CPU among them) has come and gone. Entered and left
	 * with interrupts off.
	 */
	void (*wait_for_work)(void);
	void (*exit)(unsigned int code) __noreturn;
};

/* Memory map types: E820's, and RAM the guest has but no mapping reaches (Xen PV). */
#define BOOT_MMAP_USABLE 1
#define BOOT_MMAP_UNMAPPED 0x10000

#define BOOT_MMAP_MAX 32

struct boot_mmap_entry {
	u64 base, length;
	u32 type; /* BOOT_MMAP_*: 1 = usable RAM, as in the multiboot and E820 maps */
};

/* What the entry path learned from whoever started the kernel. */
struct boot_info {
	const char *protocol;    /* "multiboot1", "multiboot2", "xen", "pvh" */
	const char *loader_name; /* NULL when the loader gives none */
	const char *cmdline;
	unsigned int mmap_count;
	unsigned int mmap_dropped; /* entries past BOOT_MMAP_MAX, counted, not kept */
	struct boot_mmap_entry mmap[BOOT_MMAP_MAX];
	const char *firmware;    /* "UEFI" when the loader says so, else NULL */
	struct boot_fb fb;       /* the screen, if the loader reports one */
	/* A copy of the ACPI RSDP the loader handed over (multiboot2), or NULL. */
	const void *acpi_rsdp;
	size_t acpi_rsdp_len;
	const char *acpi_rsdp_from; /* where it came from, for the log (NULL: multiboot2) */
};

extern const struct platform_ops *platform;

/* The common boot sequence, entered from every platform's entry path. */
void kernel_main(struct boot_info *boot) __noreturn;

#endif
