/*
 * The kernel as a Xen PVH guest: an HVM container entered in 32-bit
 * protected mode at XEN_ELFNOTE_PHYS32_ENTRY, with %ebx pointing at
 * struct hvm_start_info (Debian's libxen-dev headers). The CPU's own
 * interrupt flag is real, so the native irq ops serve; events arrive
 * through the HVM callback vector.
 */
#ifndef XEN_GUEST_PVH_H
#define XEN_GUEST_PVH_H

#include <pvkern/compiler.h>
#include <pvkern/types.h>
#include <xen/xen.h>
#include <xen/arch-x86/hvm/start_info.h>

/* A CPU-local vector (asm/irq.h's LOCAL_VECTOR_BASE range) for Xen's events. */
#define XEN_HVM_CALLBACK_VECTOR 0x3d

struct boot_info;

/* What the PVH entry learned from hvm_start_info besides the boot_info. */
struct pvh_start {
	bool valid;      /* readable, with the right magic: the rest was read */
	u32 version;
	u32 flags;       /* SIF_*: SIF_INITDOMAIN for dom0 */
	u64 rsdp_paddr;  /* 0: none given */
	u32 memmap_entries; /* as Xen gave the count */
};

/* Reads len bytes of guest-physical memory at addr, or NULL if it cannot. */
typedef const void *(*pvh_map_fn)(u64 addr, u64 len);

/*
 * Fill *boot and *start from the hvm_start_info at paddr: protocol, command
 * line, memory map (version 1). NULL, or the first damage in one line;
 * what was not damaged is still read. A wrong magic is fatal damage:
 * nothing else is read.
 */
const char *xen_pvh_parse_start_info(u64 paddr, pvh_map_fn map, struct boot_info *boot,
				     struct pvh_start *start);

/*
 * A memory map entry as the BIOS's INT 15h E820 call returns it, the form
 * XENMEM_memory_map uses (a version 0 hvm_start_info has no map: PVH dom0
 * asks Xen for it).
 */
struct e820_entry {
	u64 addr, size;
	u32 type;
} __attribute__((packed));

/* Fill boot's map from returned entries of e (room given to Xen); NULL or the damage. */
const char *xen_pvh_parse_e820(const struct e820_entry *e, u32 room, u32 returned,
			       struct boot_info *boot);

extern const struct platform_ops xen_pvh_platform;
extern struct pvh_start xen_pvh_start_info;

/* Is this kernel running as a Xen PVH guest (the PVH platform is active)? */
bool xen_pvh_domain(void);

/* The C side of the PVH entry: from the multiboot head, in the kernel's mode. */
void xen_pvh_entry(unsigned long start_info_paddr) __noreturn;

/* Upcalls taken through the callback vector, for the tests. */
u64 xen_pvh_callback_count(void);

#endif
