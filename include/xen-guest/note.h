/*
 * XEN_NOTE type, directive, value: one ELF note for Xen's loaders (name
 * "Xen", the type, then the description), in the .note.Xen section that
 * linker.ld puts in the PT_NOTE segment. Assembly only.
 */
#ifndef XEN_GUEST_NOTE_H
#define XEN_GUEST_NOTE_H

#ifdef __ASSEMBLY__
.macro XEN_NOTE type:req, directive:req, value:vararg
	.pushsection .note.Xen, "a", @note
	.balign 4
	.long 2f - 1f
	.long 4f - 3f
	.long \type
1:	.asciz "Xen"
2:	.balign 4
3:	\directive \value
4:	.balign 4
	.popsection
.endm
#endif

#endif
