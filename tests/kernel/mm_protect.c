/*
 * Memory protection: a write to kernel text or read-only data faults with
 * the write bit in the #PF error code, code placed in data does not run
 * where the CPU has NX (#PF with the instruction-fetch bit), and text_poke
 * changes text through its alias while the text stays read-only. Each
 * test catches the fault it provokes and goes on.
 */
#include <asm/irqflags.h>
#include <asm/mmu.h>
#include <asm/processor.h>
#include <asm/traps.h>
#include <pvkern/ktest.h>
#include <pvkern/smp.h>
#include "fault_probe.h"

int mm_poke_target(void);
/*
 * Not declared a function: the compiler would assume a function's usual
 * alignment and fold the page-offset check below, but this one is not
 * aligned.
 */
extern char mm_edge_target[];
#define call_edge_target() (((int (*)(void))(void *)mm_edge_target)())

/* mov $imm32, %eax; ret: the bytes mm_stubs.S assembles, by hand. */
static const u8 poke_target_bytes[] = { 0xb8, 0x11, 0x00, 0x00, 0x00, 0xc3 };
#define POKE_IMM_OFFSET 1

/* The same function, in data: mov $0x5a, %eax; ret. */
static u8 code_in_data[] = { 0xb8, 0x5a, 0x00, 0x00, 0x00, 0xc3 };

static const u32 rodata_word = 0x600dbeef;

static const char *skip_unless_protected(void)
{
	return paging.on ? NULL : "kernel text is not protected here (see the boot log's mm: lines)";
}

static void test_text_write_faults(struct ktest *t)
{
	volatile u8 *text = (volatile u8 *)mm_poke_target;
	u8 before = *text;

	KEXPECT_TRUE(t, write_faults(text, 0xcc));
	KEXPECT_EQ(t, 1, pf_last.hits);
	KEXPECT_EQ(t, (unsigned long)text, pf_last.cr2);
	/* (A Xen PV kernel runs in an unprivileged ring: the user bit may be set.) */
	KEXPECT_EQ(t, X86_PF_PROT | X86_PF_WRITE, pf_last.error & (X86_PF_PROT | X86_PF_WRITE |
								   X86_PF_INSTR));
	KEXPECT_EQ(t, before, *text);
	KEXPECT_EQ(t, 0x11, mm_poke_target());
}

static void test_rodata_write_faults(struct ktest *t)
{
	volatile u8 *p = (volatile u8 *)&rodata_word;

	KEXPECT_TRUE(t, write_faults(p, 0));
	KEXPECT_EQ(t, (unsigned long)p, pf_last.cr2);
	KEXPECT_EQ(t, X86_PF_PROT | X86_PF_WRITE, pf_last.error & (X86_PF_PROT | X86_PF_WRITE));
	KEXPECT_EQ(t, 0x600dbeef, rodata_word);
}

/* The data next to it is still writable: the fault is about text, not all writes. */
static void test_data_write_works(struct ktest *t)
{
	static volatile u8 scratch;

	KEXPECT_FALSE(t, write_faults(&scratch, 0x42));
	KEXPECT_EQ(t, 0x42, scratch);
}

struct cpu_paging {
	unsigned long cr3, cr0;
	u64 efer;
};

static void read_paging(void *arg)
{
	struct cpu_paging *c = arg;

	c->cr3 = read_cr3();
	asm volatile("mov %%cr0, %0" : "=r"(c->cr0));
	c->efer = paging.nx ? rdmsr(MSR_EFER) : 0;
}

/* Every CPU, the APs too, runs on the kernel's tables with WP (and NXE) on. */
static void test_every_cpu_on_kernel_tables(struct ktest *t)
{
	unsigned int checked = 0;

	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		struct cpu_paging c = { 0 };

		if (!smp_call_on_cpu(cpu, read_paging, &c))
			continue;
		checked++;
		if (!KEXPECT_EQ(t, paging.cr3, c.cr3) ||
		    !KEXPECT_TRUE(t, c.cr0 & X86_CR0_WP) ||
		    !KEXPECT_EQ(t, paging.nx ? EFER_NX : 0, c.efer & EFER_NX))
			KTEST_FAIL(t, "CPU %u", cpu);
	}
	KEXPECT_EQ(t, num_online_cpus(), checked);
}

/* A page of data with a known first word, for the mapping test. */
static const u32 probe_magic = 0x5eed1e55;
static u32 probe_page[PAGE_SIZE / sizeof(u32)] __aligned(PAGE_SIZE) = { 0x5eed1e55 };

/*
 * set_pte() and flush_tlb_one() (pv_mmu_ops: native stores, or Xen's
 * mmu_update) map the poke window onto a data page, read-only, and unmap it.
 * The page after the window stays mapped: a store wider than
 * an entry (8 bytes into a two-level table's 4) would have cleared its entry.
 */
static void test_set_pte_maps_and_unmaps(struct ktest *t)
{
	volatile u32 *window = (volatile u32 *)text_poke_window;
	volatile u8 *after = (volatile u8 *)text_poke_window + PAGE_SIZE;
	pte_t *slot = kernel_pte((unsigned long)text_poke_window);
	pte_t *probe = kernel_pte((unsigned long)probe_page);

	KASSERT_TRUE(t, slot && probe);
	KEXPECT_EQ(t, 0, pte_read(slot) & _PAGE_PRESENT);
	set_pte(slot, (pte_read(probe) & PTE_PFN_MASK) | _PAGE_PRESENT | (paging.nx ? _PAGE_NX : 0));
	flush_tlb_one((unsigned long)window);
	KEXPECT_EQ(t, probe_magic, *window);
	KEXPECT_TRUE(t, write_faults(window, 0)); /* mapped read-only */
	KEXPECT_EQ(t, X86_PF_PROT | X86_PF_WRITE, pf_last.error & (X86_PF_PROT | X86_PF_WRITE));
	set_pte(slot, 0);
	flush_tlb_one((unsigned long)window);
	KEXPECT_TRUE(t, read_faults(window));
	KEXPECT_EQ(t, 0, pf_last.error & X86_PF_PROT);
	KEXPECT_EQ(t, probe_magic, probe_page[0]);
	flush_tlb_one((unsigned long)after);
	KEXPECT_FALSE(t, read_faults(after));
}

/* The alias page is there only during a poke. */
static void test_poke_window_unmapped(struct ktest *t)
{
	KEXPECT_TRUE(t, read_faults(text_poke_window));
	KEXPECT_EQ(t, 0, pf_last.error & X86_PF_PROT); /* not present */
}

static const struct ktest_case mm_protect_cases[] = {
	KTEST_CASE(test_text_write_faults),
	KTEST_CASE(test_rodata_write_faults),
	KTEST_CASE(test_data_write_works),
	KTEST_CASE(test_poke_window_unmapped),
	KTEST_CASE(test_every_cpu_on_kernel_tables),
	KTEST_CASE(test_set_pte_maps_and_unmaps),
	{},
};
KTEST_SUITE(mm_protect, mm_protect_cases, skip_unless_protected);

static const char *skip_unless_nx(void)
{
	if (!paging.on)
		return "kernel page tables not in use here (see the boot log's mm: lines)";
	if (!paging.nx)
#ifdef __x86_64__
		return "the CPU has no NX";
#else
		return "no NX: i386 needs PAE tables and a CPU with NX (see the boot log's mm: lines)";
#endif
	return NULL;
}

static void test_code_in_data_does_not_run(struct ktest *t)
{
	unsigned long ret = 0;

	KEXPECT_TRUE(t, call_faults(code_in_data, &ret));
	KEXPECT_EQ(t, 1, pf_last.hits);
	KEXPECT_EQ(t, (unsigned long)code_in_data, pf_last.cr2);
	KEXPECT_EQ(t, X86_PF_PROT | X86_PF_INSTR, pf_last.error & (X86_PF_PROT | X86_PF_INSTR |
							      X86_PF_WRITE));
	KEXPECT_NE(t, 0x5a, ret);
}

/* The same call to text runs: the probe itself is not what faults. */
static void test_code_in_text_runs(struct ktest *t)
{
	unsigned long ret = 0;

	KEXPECT_FALSE(t, call_faults(mm_poke_target, &ret));
	KEXPECT_EQ(t, 0x11, ret);
}

static const struct ktest_case mm_nx_cases[] = {
	KTEST_CASE(test_code_in_data_does_not_run),
	KTEST_CASE(test_code_in_text_runs),
	{},
};
KTEST_SUITE(mm_nx, mm_nx_cases, skip_unless_nx);

static void test_poke_target_bytes(struct ktest *t)
{
	KEXPECT_MEMEQ(t, poke_target_bytes, (const u8 *)mm_poke_target, sizeof(poke_target_bytes));
}

static void test_text_poke_changes_code(struct ktest *t)
{
	u8 *imm = (u8 *)mm_poke_target + POKE_IMM_OFFSET;
	const u8 new = 0x22, old = 0x11;

	KASSERT_EQ(t, 0x11, mm_poke_target());
	text_poke(imm, &new, 1);
	KEXPECT_EQ(t, 0x22, *imm);
	KEXPECT_EQ(t, 0x22, mm_poke_target());
	if (paging.on)
		KEXPECT_TRUE(t, write_faults(imm, 0x33)); /* still read-only */
	text_poke(imm, &old, 1);
	KEXPECT_EQ(t, 0x11, mm_poke_target());
	KEXPECT_MEMEQ(t, poke_target_bytes, (const u8 *)mm_poke_target, sizeof(poke_target_bytes));
}

/* A write that crosses a page boundary lands on both pages. */
static void test_text_poke_across_pages(struct ktest *t)
{
	u8 *imm = (u8 *)mm_edge_target + POKE_IMM_OFFSET;
	const u8 new[4] = { 0x11, 0x22, 0x33, 0x44 }, old[4] = { 0x11, 0, 0, 0 };

	/* The immediate's bytes 0-1 end one page, bytes 2-3 start the next. */
	unsigned long next_page_offset = ((unsigned long)imm + 2) & (PAGE_SIZE - 1);

	KASSERT_EQ(t, 0, next_page_offset);
	KEXPECT_MEMEQ(t, poke_target_bytes, (const u8 *)mm_edge_target, sizeof(poke_target_bytes));
	text_poke(imm, new, sizeof(new));
	KEXPECT_EQ(t, 0x44332211, call_edge_target());
	text_poke(imm, old, sizeof(old));
	KEXPECT_EQ(t, 0x11, call_edge_target());
	KEXPECT_MEMEQ(t, poke_target_bytes, (const u8 *)mm_edge_target, sizeof(poke_target_bytes));
}

static const struct ktest_case text_poke_cases[] = {
	KTEST_CASE(test_poke_target_bytes),
	KTEST_CASE(test_text_poke_changes_code),
	KTEST_CASE(test_text_poke_across_pages),
	{},
};
KTEST_SUITE(text_poke, text_poke_cases, NULL);
