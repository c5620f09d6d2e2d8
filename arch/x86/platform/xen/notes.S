/*
 * The ELF notes that make this image loadable as a Xen PV kernel (Xen reads
 * them from the PT_NOTE segment, linker.ld). The multiboot entry stays the
 * ELF entry point: Xen uses XEN_ELFNOTE_ENTRY instead.
 */
#include <asm/asm.h>
#include <xen/elfnote.h>
#include <xen/features.h>
#include <xen-guest/note.h>

	XEN_NOTE XEN_ELFNOTE_GUEST_OS, .asciz, "pvkern"
	XEN_NOTE XEN_ELFNOTE_GUEST_VERSION, .asciz, "0.1"
	XEN_NOTE XEN_ELFNOTE_XEN_VERSION, .asciz, "xen-3.0"
	XEN_NOTE XEN_ELFNOTE_LOADER, .asciz, "generic"
	XEN_NOTE XEN_ELFNOTE_ENTRY, _ASM_PTR, xen_start
	XEN_NOTE XEN_ELFNOTE_HYPERCALL_PAGE, _ASM_PTR, hypercall_page
	/* pvkern can be dom0 (without this bit Xen refuses it as dom0). */
	XEN_NOTE XEN_ELFNOTE_SUPPORTED_FEATURES, .long, (1 << XENFEAT_dom0)
#ifdef __i386__
	/* A 32-bit PV kernel runs on PAE page tables. */
	XEN_NOTE XEN_ELFNOTE_PAE_MODE, .asciz, "yes"
#endif
