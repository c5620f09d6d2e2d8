/*
 * Types and masks of the paravirt interface: the ops table, the callee-save
 * wrapper type, the clobber masks and the record of a patchable site.
 *
 * Host tools and host tests include this file too. They say which kernel
 * they look at with PV_TARGET_I386 or PV_TARGET_X86_64; inside the kernel
 * the compiler's own target decides.
 */
#ifndef ASM_PARAVIRT_TYPES_H
#define ASM_PARAVIRT_TYPES_H

#if !defined(PV_TARGET_I386) && !defined(PV_TARGET_X86_64)
#ifdef __x86_64__
#define PV_TARGET_X86_64 1
#else
#define PV_TARGET_I386 1
#endif
#endif

/*
 * Clobber masks: one bit per register that a site may destroy. The bit
 * numbers are shared by both architectures for the registers they share.
 */
#define CLBR_NONE 0
#define CLBR_EAX (1 << 0)
#define CLBR_ECX (1 << 1)
#define CLBR_EDX (1 << 2)
#define CLBR_EDI (1 << 3)

#ifdef PV_TARGET_I386
#define CLBR_ANY ((1 << 4) - 1)
/* -mregparm=3: arguments in eax, edx, ecx; the result in eax. */
#define CLBR_ARG_REGS (CLBR_EAX | CLBR_EDX | CLBR_ECX)
#define CLBR_RET_REG (CLBR_EAX)
#define CLBR_SCRATCH (0)
#define PV_WORD_SIZE 4
#else
#define CLBR_RAX CLBR_EAX
#define CLBR_RCX CLBR_ECX
#define CLBR_RDX CLBR_EDX
#define CLBR_RDI CLBR_EDI
#define CLBR_RSI (1 << 4)
#define CLBR_R8 (1 << 5)
#define CLBR_R9 (1 << 6)
#define CLBR_R10 (1 << 7)
#define CLBR_R11 (1 << 8)
#define CLBR_ANY ((1 << 9) - 1)
#define CLBR_ARG_REGS \
	(CLBR_RDI | CLBR_RSI | CLBR_RDX | CLBR_RCX | CLBR_R8 | CLBR_R9)
#define CLBR_RET_REG (CLBR_RAX)
#define CLBR_SCRATCH (CLBR_R10 | CLBR_R11)
#define PV_WORD_SIZE 8
#endif

/* What a callee-save function may destroy: only the return register. */
#define CLBR_CALLEE_SAVE ((CLBR_ARG_REGS | CLBR_SCRATCH) & ~CLBR_RET_REG)
/* What an ordinary C function may destroy. */
#define CLBR_C_CALL (CLBR_ARG_REGS | CLBR_SCRATCH | CLBR_RET_REG)

/*
 * Op type numbers, unique across the op groups: the high nibble names the
 * group (pv_irq_ops, pv_mmu_ops), the low one the op's slot in its table.
 * A site's type names the slot its indirect call goes through.
 */
#define PV_GROUP_SHIFT 4
#define PV_TYPE_GROUP(type) ((type) >> PV_GROUP_SHIFT)
#define PV_TYPE_SLOT(type) ((type) & ((1 << PV_GROUP_SHIFT) - 1))
#define PV_GROUP_IRQ 0
#define PV_GROUP_MMU 1
#define PV_NR_GROUPS 2

#define PV_IRQ_save_fl 0
#define PV_IRQ_restore_fl 1
#define PV_IRQ_irq_disable 2
#define PV_IRQ_irq_enable 3
#define PV_IRQ_safe_halt 4
#define PV_IRQ_halt 5
#define PV_IRQ_NR 6

#define PV_MMU_FIRST (PV_GROUP_MMU << PV_GROUP_SHIFT)
#define PV_MMU_set_pte (PV_MMU_FIRST + 0)
#define PV_MMU_flush_tlb_one (PV_MMU_FIRST + 1)
#define PV_MMU_read_cr3 (PV_MMU_FIRST + 2)
#define PV_MMU_write_cr3 (PV_MMU_FIRST + 3)
#define PV_MMU_NR 4

/*
 * Every site is emitted as "ds call *ABS32", 3e ff 14 25 abs32, on both
 * architectures: 8 bytes, so that a per-CPU-segment store of an immediate
 * to an absolute address fits the site inline (x86_64: movb $1, %gs:abs32
 * is 65 c6 04 25 abs32 01; i386: movb $1, %fs:abs32 is 64 c6 05 abs32 01).
 *
 * The byte of padding is a DS prefix in front of the call rather than a
 * NOP after it: the unpatched site stays one instruction, so it costs no
 * extra instruction per call and adds no instruction boundary (the
 * single-step tests step every boundary of a site). DS is the default
 * segment of the operand on i386 and segment overrides are ignored in
 * 64-bit mode, so the prefix changes nothing; with CET indirect-branch
 * tracking on (pvkern never turns it on) 3e would read as NOTRACK, which
 * only spares the slot's target an ENDBR.
 *
 * The patcher also accepts the shorter forms, each followed by one-byte
 * NOPs up to the site length: ff 14 25 abs32 (7 bytes) and ff 15
 * (absolute on i386, RIP-relative on x86_64; 6 bytes).
 */
#define PARAVIRT_CALL_PREFIX 0x3e
#define PARAVIRT_CALL_LEN 8
#define PARAVIRT_SITE_MIN 6
#define PARAVIRT_SITE_MAX 16

#ifndef __ASSEMBLY__
#include <pvkern/compiler.h>
#include <pvkern/types.h>

/*
 * A record in .parainstructions. The site address is relative to the
 * record's own first field, so the table needs no relocation and reads the
 * same for 32- and 64-bit tools.
 */
struct paravirt_patch_site {
	s32 instr_offset;
	u8 type;
	u8 len;
	u16 clobbers;
};

#define PARAVIRT_SITE_ADDR(p) ((unsigned long)&(p)->instr_offset + (long)(p)->instr_offset)

/*
 * A pointer to code that keeps every register but the return register.
 * Wrapping it in a struct makes the compiler refuse a plain C function
 * where a callee-save one is required: use PV_CALLEE_SAVE() or
 * __PV_IS_CALLEE_SAVE() to make one.
 */
struct paravirt_callee_save {
	void *func;
};

#ifdef CONFIG_PV_PLAIN_CALLS
/*
 * The plain-C-calls comparison build: an op is an ordinary C function that
 * may destroy every caller-saved register (CLBR_C_CALL). It is not a
 * callee-save function, so it has a type of its own.
 */
struct paravirt_plain_call {
	void *func;
};
typedef struct paravirt_plain_call pv_irq_op_t;
#else
typedef struct paravirt_callee_save pv_irq_op_t;
#endif

/*
 * The interrupt-flag operations. save_fl returns flags in which only
 * X86_EFLAGS_IF is meaningful; restore_fl takes such flags.
 *
 * safe_halt enables interrupts and waits for one, with no window between
 * the two in which an interrupt could come and go unnoticed; it returns
 * with interrupts enabled, after an interrupt (or at once if one was
 * already waiting). halt waits for an interrupt and leaves the interrupt
 * flag as it was: with it off, the interrupt ends the wait but is not
 * taken. Like the others they are callee-save.
 */
struct pv_irq_ops {
	pv_irq_op_t save_fl;
	pv_irq_op_t restore_fl;
	pv_irq_op_t irq_disable;
	pv_irq_op_t irq_enable;
	pv_irq_op_t safe_halt;
	pv_irq_op_t halt;
};

/*
 * Page-table writes and TLB work: ordinary C functions (a site may lose
 * every caller-saved register, CLBR_C_CALL). A page-table entry is 64 bits
 * on x86_64 and on i386 with PAE.
 */
struct pv_mmu_ops {
	void (*set_pte)(u64 *ptep, u64 val);
	void (*flush_tlb_one)(unsigned long addr);
	unsigned long (*read_cr3)(void);
	void (*write_cr3)(unsigned long cr3);
};

extern struct pv_irq_ops pv_irq_ops;
extern struct pv_mmu_ops pv_mmu_ops;
extern struct paravirt_patch_site __parainstructions_start[];
extern struct paravirt_patch_site __parainstructions_end[];
#endif /* __ASSEMBLY__ */

#endif
