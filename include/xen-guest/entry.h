/* Shared by the Xen PV entry stubs and the C code that installs them. */
#ifndef XEN_GUEST_ENTRY_H
#define XEN_GUEST_ENTRY_H

/*
 * One stub per exception vector, each this many bytes apart, from
 * xen_trap_stubs; vectors 0..XEN_NR_TRAP_STUBS-1.
 */
#define XEN_TRAP_STUB_SIZE 16
#define XEN_NR_TRAP_STUBS 32

/* pt_regs.vector for frames that are no exception (beyond the IDT's 256). */
#define XEN_VECTOR_UPCALL 0x100
#define XEN_VECTOR_FAILSAFE 0x101

#ifndef __ASSEMBLY__
extern const char xen_trap_stubs[];
void xen_hypervisor_callback(void);
void xen_failsafe_callback_entry(void);
/* Vector 3: live patching's int3s first (asm/text_poke_int3.h). */
void xen_text_poke_int3_entry(void);
#endif

#endif
