/*
 * The PVH entry (XEN_ELFNOTE_PHYS32_ENTRY). Xen starts the kernel the way
 * a multiboot loader does: 32-bit protected mode, flat segments, paging
 * off, no stack, %ebx = the physical address of struct hvm_start_info.
 * So it joins the multiboot head (head_32.S, head_64.S: GDT, stack, long
 * mode on x86_64), with the start_info magic in %eax where a loader puts
 * its own; multiboot_entry() tells them apart.
 */
#include <asm/asm.h>
#include <generated/xen-asm-offsets.h>
#include <xen/elfnote.h>
#include <xen-guest/note.h>

	.text
	.code32
SYM_FUNC_START(pvh_start)
	mov	$XEN_HVM_START_MAGIC, %eax
	jmp	_start
SYM_FUNC_END(pvh_start)

	/* A physical address, 32 bits on both arches. */
	XEN_NOTE XEN_ELFNOTE_PHYS32_ENTRY, .long, pvh_start
