/*
 * What the mmu ops' sites must hold, encoded here by hand from the
 * instruction set (not from the backend's templates), for the suites that
 * check site bytes: patched natively, one instruction on the C calling
 * convention's registers and NOPs; unpatched, the indirect call through
 * the op's pv_mmu_ops slot.
 */
#ifndef TESTS_KERNEL_MMU_EXPECT_H
#define TESTS_KERNEL_MMU_EXPECT_H

#include <asm/paravirt.h>
#include <pvkern/string.h>

#define MMU_TYPE_FIRST 16 /* written out: the mmu group's first type */

static inline bool is_mmu_site(const struct paravirt_patch_site *p)
{
	return p->type >= MMU_TYPE_FIRST && p->type < MMU_TYPE_FIRST + PV_MMU_NR;
}

/* The mmu ops, by slot: one instruction each, on the C calling convention's registers. */
static const u8 expected_mmu[PV_MMU_NR][PARAVIRT_CALL_LEN] = {
#ifdef __x86_64__
	/* mov %rsi, (%rdi); 4-byte NOP */
	[PV_TYPE_SLOT(PV_MMU_set_pte)] = { 0x48, 0x89, 0x37, 0x0f, 0x1f, 0x40, 0x00 },
	/* invlpg (%rdi); 4-byte NOP */
	[PV_TYPE_SLOT(PV_MMU_flush_tlb_one)] = { 0x0f, 0x01, 0x3f, 0x0f, 0x1f, 0x40, 0x00 },
	/* mov %cr3, %rax; 4-byte NOP */
	[PV_TYPE_SLOT(PV_MMU_read_cr3)] = { 0x0f, 0x20, 0xd8, 0x0f, 0x1f, 0x40, 0x00 },
	/* mov %rdi, %cr3; 4-byte NOP */
	[PV_TYPE_SLOT(PV_MMU_write_cr3)] = { 0x0f, 0x22, 0xdf, 0x0f, 0x1f, 0x40, 0x00 },
#else
	/* mov %ecx, 4(%eax); mov %edx, (%eax); 2-byte NOP */
	[PV_TYPE_SLOT(PV_MMU_set_pte)] = { 0x89, 0x48, 0x04, 0x89, 0x10, 0x66, 0x90 },
	/* invlpg (%eax); 4-byte NOP */
	[PV_TYPE_SLOT(PV_MMU_flush_tlb_one)] = { 0x0f, 0x01, 0x38, 0x0f, 0x1f, 0x40, 0x00 },
	/* mov %cr3, %eax; 4-byte NOP */
	[PV_TYPE_SLOT(PV_MMU_read_cr3)] = { 0x0f, 0x20, 0xd8, 0x0f, 0x1f, 0x40, 0x00 },
	/* mov %eax, %cr3; 4-byte NOP */
	[PV_TYPE_SLOT(PV_MMU_write_cr3)] = { 0x0f, 0x22, 0xd8, 0x0f, 0x1f, 0x40, 0x00 },
#endif
};

#ifdef __i386__
/* Without the long NOPs: lea forms. */
static const u8 expected_mmu_p5[PV_MMU_NR][PARAVIRT_CALL_LEN] = {
	/* mov %ecx, 4(%eax); mov %edx, (%eax); xchg %ax,%ax */
	[PV_TYPE_SLOT(PV_MMU_set_pte)] = { 0x89, 0x48, 0x04, 0x89, 0x10, 0x66, 0x90 },
	/* invlpg (%eax); lea 0(%esi,%eiz),%esi */
	[PV_TYPE_SLOT(PV_MMU_flush_tlb_one)] = { 0x0f, 0x01, 0x38, 0x8d, 0x74, 0x26, 0x00 },
	[PV_TYPE_SLOT(PV_MMU_read_cr3)] = { 0x0f, 0x20, 0xd8, 0x8d, 0x74, 0x26, 0x00 },
	[PV_TYPE_SLOT(PV_MMU_write_cr3)] = { 0x0f, 0x22, 0xd8, 0x8d, 0x74, 0x26, 0x00 },
};
#endif

#ifdef __i386__
/*
 * Which of the two this CPU must get, read from CPUID here: Intel or AMD
 * of family 6 or later have the long NOPs, nothing else is trusted to.
 */
static inline bool test_cpu_has_long_nops(void)
{
	u32 a = 0, b, c = 0, d, family;
	char vendor[13];

	asm volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	memcpy(vendor, &b, 4);
	memcpy(vendor + 4, &d, 4);
	memcpy(vendor + 8, &c, 4);
	vendor[12] = '\0';
	a = 1;
	c = 0;
	asm volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	family = (a >> 8) & 0xf;
	return family >= 6 && (strcmp(vendor, "GenuineIntel") == 0 ||
			       strcmp(vendor, "AuthenticAMD") == 0);
}
#else
static inline bool test_cpu_has_long_nops(void)
{
	return true;
}
#endif

/* The native bytes of an mmu site, as the CPUID this test reads asks for. */
static inline const u8 *mmu_native_site_bytes(const struct paravirt_patch_site *p)
{
#ifdef __i386__
	if (!test_cpu_has_long_nops())
		return expected_mmu_p5[p->type - MMU_TYPE_FIRST];
#endif
	return expected_mmu[p->type - MMU_TYPE_FIRST];
}

/* The unpatched site: ff 14 25 and the slot's address in pv_mmu_ops. */
static inline void mmu_unpatched_site_bytes(const struct paravirt_patch_site *p, u8 *e)
{
	u32 slot = (u32)((unsigned long)&pv_mmu_ops + (p->type - MMU_TYPE_FIRST) * sizeof(void *));

	memset(e, 0x90, p->len);
	e[0] = 0xff, e[1] = 0x14, e[2] = 0x25;
	for (int i = 0; i < 4; i++)
		e[3 + i] = (u8)(slot >> (8 * i));
}

#endif
