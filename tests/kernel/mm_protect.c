/*
 * Memory protection: a write to kernel text or read-only data faults with
 * the write bit in the #PF error code, code placed in data does not run
 * where the CPU has NX (#PF with the instruction-fetch bit), and text_poke
 * changes text through its alias while the text stays read-only. Each
 * test catches the fault it provokes and goes on.
 */
#include <asm/irqflags.h>
#include <asm/pgtable.h>
#include <asm/processor.h>
#include <asm/traps.h>
#include <pvkern/ktest.h>

int mm_poke_target(void);
/*
 * Not declared a function: the compiler would assume a function's usual
 * alignment and fold the page-offset check below, but this one is not
 * aligned.
 */
extern char mm_edge_target[];
#define call_edge_target() (((int (*)(void))(void *)mm_edge_target)())

#ifdef __x86_64__
#define SP_REG "rsp"
#define CALL_CLOBBERS "memory", "cc", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11"
#else
#define SP_REG "esp"
#define CALL_CLOBBERS "memory", "cc", "ecx", "edx"
#endif

/* mov $imm32, %eax; ret: the bytes mm_stubs.S assembles, by hand. */
static const u8 poke_target_bytes[] = { 0xb8, 0x11, 0x00, 0x00, 0x00, 0xc3 };
#define POKE_IMM_OFFSET 1

/* The same function, in data: mov $0x5a, %eax; ret. */
static u8 code_in_data[] = { 0xb8, 0x5a, 0x00, 0x00, 0x00, 0xc3 };

static const u32 rodata_word = 0x600dbeef;

static volatile unsigned long pf_resume, pf_cr2, pf_error, pf_hits;

static bool catch_pf(struct pt_regs *regs)
{
	pf_hits++;
	pf_cr2 = read_cr2();
	pf_error = regs->error_code;
	regs->ip = pf_resume;
	return true;
}

/* Writes v at addr; true if that faulted (the write did not happen). */
static bool write_faults(volatile void *addr, u8 v)
{
	trap_handler_t old = trap_set_handler(X86_TRAP_PF, catch_pf);
	unsigned long resume;

	pf_hits = 0;
	asm volatile("lea 1f, %[resume]\n\t"
		     "mov %[resume], %[resume_var]\n\t"
		     "movb %[v], (%[addr])\n"
		     "1:"
		     : [resume] "=&r"(resume), [resume_var] "=m"(pf_resume)
		     : [addr] "r"(addr), [v] "q"(v)
		     : "memory");
	trap_set_handler(X86_TRAP_PF, old);
	return pf_hits != 0;
}

/* Reads the byte at addr; true if that faulted. */
static bool read_faults(const volatile void *addr)
{
	trap_handler_t old = trap_set_handler(X86_TRAP_PF, catch_pf);
	unsigned long resume;
	u8 v = 0;

	pf_hits = 0;
	asm volatile("lea 1f, %[resume]\n\t"
		     "mov %[resume], %[resume_var]\n\t"
		     "movb (%[addr]), %[v]\n"
		     "1:"
		     : [resume] "=&r"(resume), [resume_var] "=m"(pf_resume), [v] "+q"(v)
		     : [addr] "r"(addr)
		     : "memory");
	trap_set_handler(X86_TRAP_PF, old);
	return pf_hits != 0;
}

/*
 * Calls fn (code that puts a value in eax and returns); true if fetching
 * it faulted. The fault leaves the call's return address on the stack:
 * the resume point drops it.
 */
static bool call_faults(const void *fn, unsigned long *ret)
{
	trap_handler_t old = trap_set_handler(X86_TRAP_PF, catch_pf);
	unsigned long resume, ax = 0;

	pf_hits = 0;
	asm volatile("lea 2f, %[resume]\n\t"
		     "mov %[resume], %[resume_var]\n\t"
		     "call *%[fn]\n\t"
		     "jmp 3f\n"
		     "2:\tadd %[word], %%" SP_REG "\n"
		     "3:"
		     : [resume] "=&r"(resume), [resume_var] "=m"(pf_resume), "+a"(ax)
		     : [fn] "r"(fn), [word] "i"(sizeof(long))
		     : CALL_CLOBBERS);
	trap_set_handler(X86_TRAP_PF, old);
	*ret = ax;
	return pf_hits != 0;
}

static const char *skip_unless_protected(void)
{
	return paging.on ? NULL : "kernel text is not protected here (see the boot log's mm: lines)";
}

static void test_text_write_faults(struct ktest *t)
{
	volatile u8 *text = (volatile u8 *)mm_poke_target;
	u8 before = *text;

	KEXPECT_TRUE(t, write_faults(text, 0xcc));
	KEXPECT_EQ(t, 1, pf_hits);
	KEXPECT_EQ(t, (unsigned long)text, pf_cr2);
	KEXPECT_EQ(t, X86_PF_PROT | X86_PF_WRITE, pf_error & (X86_PF_PROT | X86_PF_WRITE |
							      X86_PF_INSTR | X86_PF_USER));
	KEXPECT_EQ(t, before, *text);
	KEXPECT_EQ(t, 0x11, mm_poke_target());
}

static void test_rodata_write_faults(struct ktest *t)
{
	volatile u8 *p = (volatile u8 *)&rodata_word;

	KEXPECT_TRUE(t, write_faults(p, 0));
	KEXPECT_EQ(t, (unsigned long)p, pf_cr2);
	KEXPECT_EQ(t, X86_PF_PROT | X86_PF_WRITE, pf_error & (X86_PF_PROT | X86_PF_WRITE));
	KEXPECT_EQ(t, 0x600dbeef, rodata_word);
}

/* The data next to it is still writable: the fault is about text, not all writes. */
static void test_data_write_works(struct ktest *t)
{
	static volatile u8 scratch;

	KEXPECT_FALSE(t, write_faults(&scratch, 0x42));
	KEXPECT_EQ(t, 0x42, scratch);
}

/* The alias page is there only during a poke. */
static void test_poke_window_unmapped(struct ktest *t)
{
	KEXPECT_TRUE(t, read_faults(text_poke_window));
	KEXPECT_EQ(t, 0, pf_error & X86_PF_PROT); /* not present */
}

static const struct ktest_case mm_protect_cases[] = {
	KTEST_CASE(test_text_write_faults),
	KTEST_CASE(test_rodata_write_faults),
	KTEST_CASE(test_data_write_works),
	KTEST_CASE(test_poke_window_unmapped),
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
		return "the CPU has no NX (i386 needs PAE and NX)";
#endif
	return NULL;
}

static void test_code_in_data_does_not_run(struct ktest *t)
{
	unsigned long ret = 0;

	KEXPECT_TRUE(t, call_faults(code_in_data, &ret));
	KEXPECT_EQ(t, 1, pf_hits);
	KEXPECT_EQ(t, (unsigned long)code_in_data, pf_cr2);
	KEXPECT_EQ(t, X86_PF_PROT | X86_PF_INSTR, pf_error & (X86_PF_PROT | X86_PF_INSTR |
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
