/*
 * What the mmu ops' sites must hold, encoded here by hand from the
 * instruction set (not from the backend's templates), for the suites that
 * check site bytes: patched natively, one instruction on the C calling
 * convention's registers and the NOPs this CPU gets; unpatched, the
 * indirect call through the op's pv_mmu_ops slot.
 */
#ifndef TESTS_KERNEL_MMU_EXPECT_H
#define TESTS_KERNEL_MMU_EXPECT_H

#include <asm/paravirt.h>
#include <pvkern/string.h>
#include "nop_bytes.h"

#define MMU_TYPE_FIRST 16 /* written out: the mmu group's first type */

static inline bool is_mmu_site(const struct paravirt_patch_site *p)
{
	return p->type >= MMU_TYPE_FIRST && p->type < MMU_TYPE_FIRST + PV_MMU_NR;
}

/* The mmu ops' native instructions, by slot. */
static const struct {
	u8 len, bytes[5];
} mmu_native_insn[PV_MMU_NR] = {
#ifdef __x86_64__
	{ 3, { 0x48, 0x89, 0x37 } }, /* set_pte: mov %rsi, (%rdi) */
	{ 3, { 0x0f, 0x01, 0x3f } }, /* flush_tlb_one: invlpg (%rdi) */
	{ 3, { 0x0f, 0x20, 0xd8 } }, /* read_cr3: mov %cr3, %rax */
	{ 3, { 0x0f, 0x22, 0xdf } }, /* write_cr3: mov %rdi, %cr3 */
#else
	{ 5, { 0x89, 0x48, 0x04, 0x89, 0x10 } }, /* set_pte: mov %ecx, 4(%eax); mov %edx, (%eax) */
	{ 3, { 0x0f, 0x01, 0x38 } },             /* flush_tlb_one: invlpg (%eax) */
	{ 3, { 0x0f, 0x20, 0xd8 } },             /* read_cr3: mov %cr3, %eax */
	{ 3, { 0x0f, 0x22, 0xd8 } },             /* write_cr3: mov %eax, %cr3 */
#endif
};

#ifndef __x86_64__
/* set_pte on an i386 CPU without PAE, whose tables have 32-bit entries. */
static const struct {
	u8 len, bytes[2];
} mmu_native_set_pte_32bit = { 2, { 0x89, 0x10 } }; /* mov %edx, (%eax) */

/*
 * The kernel's entries are 32-bit unless the CPU is in PAE mode: CR4.PAE
 * (bit 5), read here from the CPU. Where paging stayed off it is clear
 * too: the kernel chose 32-bit entries there, as it found no PAE or gave
 * it up (see the boot log's mm: lines).
 */
static inline bool mmu_cpu_in_pae_mode(void)
{
	unsigned long cr4;

	asm volatile("mov %%cr4, %0" : "=r"(cr4));
	return cr4 & (1u << 5);
}
#endif

/* The natively patched site: the instruction, then this CPU's NOPs. */
static inline void mmu_native_site_bytes(const struct paravirt_patch_site *p, u8 *e)
{
	unsigned int n = mmu_native_insn[p->type - MMU_TYPE_FIRST].len;

	memcpy(e, mmu_native_insn[p->type - MMU_TYPE_FIRST].bytes, n);
#ifndef __x86_64__
	if (p->type == MMU_TYPE_FIRST && !mmu_cpu_in_pae_mode()) {
		n = mmu_native_set_pte_32bit.len;
		memcpy(e, mmu_native_set_pte_32bit.bytes, n);
	}
#endif
	expected_nops_of(expected_nops_kind(), e + n, p->len - n);
}

/* The unpatched site: ds call *ABS32 (3e ff 14 25) through the op's slot in pv_mmu_ops. */
static inline void mmu_unpatched_site_bytes(const struct paravirt_patch_site *p, u8 *e)
{
	u32 slot = (u32)((unsigned long)&pv_mmu_ops + (p->type - MMU_TYPE_FIRST) * sizeof(void *));

	memset(e, 0x90, p->len);
	e[0] = 0x3e, e[1] = 0xff, e[2] = 0x14, e[3] = 0x25;
	for (int i = 0; i < 4; i++)
		e[4 + i] = (u8)(slot >> (8 * i));
}

#endif
