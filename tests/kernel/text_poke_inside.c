/*
 * The breakpoint protocol and a CPU that is already inside a site when a
 * batch begins: interrupted between two of the site's instructions, it
 * goes back to the second. The int3 does not stop it; the batch must not
 * rewrite the site's tail before that CPU has left. TCG never interrupts
 * inside a translated block, so the order is built with the trap flag:
 * another CPU single-steps a two-instruction site in test text
 * (text_poke_inside_stub.S) and stops at its inner boundary until the
 * batch has put its int3 on the first byte and posted the serialising
 * IPI; it then goes back to that boundary with interrupts on, and the IPI
 * finds it there. Stepping on, at the site's end it waits a while for the
 * batch's first step to return: that must not happen while it has not
 * answered from outside the site. The site must have run its old bytes,
 * and end up holding the new ones.
 */
#include <asm/irqflags.h>
#include <asm/processor.h>
#include <asm/text_poke_bp.h>
#include <asm/traps.h>
#include <pvkern/ktest.h>
#include <pvkern/printk.h>
#include <pvkern/smp.h>
#include <pvkern/string.h>
#include "smp_tests.h"

unsigned int text_poke_inside_stub(void);
extern u8 text_poke_inside_site[], text_poke_inside_end[];

/* nop; mov $1, %eax and mov $2, %eax: the same boundary after the first byte */
static const u8 old_bytes[] = { 0x90, 0xb8, 0x01, 0x00, 0x00, 0x00 };
static const u8 new_bytes[] = { 0x90, 0xb8, 0x02, 0x00, 0x00, 0x00 };
#define SITE_LEN sizeof(old_bytes)
#define INT3 0xcc

/* Guest-time bounds (spins), generous: the other CPU runs meanwhile. */
#define WAIT_SPINS 20000000UL
#define SETTLE_SPINS 200000UL
#define LINGER_SPINS 2000000UL

/* What the int3 handler would run for a CPU entering the site meanwhile (none does). */
static unsigned int old_site_op(void)
{
	return 1;
}
static const unsigned long old_site_slot = (unsigned long)old_site_op;

static struct {
	unsigned int cpu, from;    /* the CPU inside, the one running the batch */
	volatile bool stopped_inside; /* the other CPU is at the inner boundary */
	volatile bool began;          /* the batch's first step returned */
	bool no_int3, no_ipi;         /* the arrangement failed: what was missing */
	bool went_on_inside;          /* the first step returned while it was inside */
	unsigned long received_inside; /* IPIs from the boot CPU, at the inner boundary */
	unsigned long received_end;    /* ... and at the site's end: more if taken at the boundary */
	unsigned int result;
} inside;

static struct smp_ipi_count ipis_to_inside(void)
{
	struct smp_ipi_count c;

	smp_ipi_counts(inside.from, inside.cpu, &c);
	return c;
}

static bool int3_on_site(void)
{
	return *(const volatile u8 *)text_poke_inside_site == INT3;
}

static bool ipi_posted(void)
{
	return ipis_to_inside().in_flight;
}

static bool stopped_inside(void)
{
	return inside.stopped_inside;
}

static bool batch_began(void)
{
	return inside.began;
}

/* Spins until done() holds, at most spins times; whether it held. */
static bool spin_until(bool (*done)(void), unsigned long spins)
{
	while (!done()) {
		if (!spins--)
			return false;
		cpu_relax();
	}
	return true;
}

static bool step_hook(struct pt_regs *regs)
{
	if (regs->ip == (unsigned long)text_poke_inside_site + 1) {
		inside.stopped_inside = true;
		inside.no_int3 = !spin_until(int3_on_site, WAIT_SPINS);
		/* The batch posts its IPI right after the int3; let it be sent. */
		inside.no_ipi = !spin_until(ipi_posted, WAIT_SPINS);
		for (unsigned long i = 0; i < SETTLE_SPINS; i++)
			cpu_relax();
		inside.received_inside = ipis_to_inside().received;
		return true; /* step on: the IPI comes first, at this boundary */
	}
	if (regs->ip == (unsigned long)text_poke_inside_end) {
		regs->flags &= ~X86_EFLAGS_TF;
		inside.received_end = ipis_to_inside().received;
		inside.went_on_inside = spin_until(batch_began, LINGER_SPINS);
	}
	return true;
}

static void run_site(void *unused)
{
	local_irq_enable();
	inside.result = text_poke_inside_stub();
	local_irq_disable();
}

/*
 * One try: false if the arrangement did not hold (the IPI was not taken
 * at the inner boundary: under parallel TCG its sender can be slow to
 * send it), with the site back to its old bytes either way.
 */
static bool try_inside(struct ktest *t)
{
	struct text_poke_loc l = { .addr = text_poke_inside_site, .call_slot = &old_site_slot,
				   .len = SITE_LEN };
	unsigned long waits = text_poke_bp_inside_waits();
	trap_handler_t old;
	bool arranged;

	memcpy(l.bytes, new_bytes, SITE_LEN);
	memset(&inside, 0, sizeof(inside));
	inside.from = smp_processor_id();
	inside.cpu = smp_next_online(inside.from);
	old = trap_set_handler(X86_TRAP_DB, step_hook);
	smp_call_on_cpu_nowait(inside.cpu, run_site, NULL);
	if (!spin_until(stopped_inside, WAIT_SPINS)) {
		KTEST_FAIL(t, "CPU %u did not stop inside the site", inside.cpu);
		smp_call_wait(inside.cpu);
		trap_set_handler(X86_TRAP_DB, old);
		return true;
	}
	text_poke_bp_begin(&l, 1);
	inside.began = true;
	text_poke_bp_finish();
	smp_call_wait(inside.cpu);
	trap_set_handler(X86_TRAP_DB, old);

	if (inside.no_int3 || inside.no_ipi)
		KTEST_FAIL(t, "the batch's int3 was %s, its IPI %s", inside.no_int3 ? "never seen" : "seen",
			   inside.no_ipi ? "never posted" : "posted");
	/*
	 * IPIs taken between the two reads were taken at the inner boundary:
	 * the CPU ran one instruction in between, and its single-step trap
	 * goes before any interrupt. More than one means the batch serialised
	 * again while the CPU was still there: under parallel TCG the second
	 * IPI can be waiting when it comes back from the first.
	 */
	arranged = inside.received_end > inside.received_inside;
	if (arranged) {
		if (inside.went_on_inside)
			KTEST_FAIL(t, "the batch went on while CPU %u was inside the site", inside.cpu);
		KEXPECT_EQ(t, inside.result, 1); /* the old bytes ran, whole */
		KEXPECT_GT(t, text_poke_bp_inside_waits(), waits);
	}
	KEXPECT_MEMEQ(t, new_bytes, text_poke_inside_site, SITE_LEN);
	/* Back to the old bytes, through the same protocol (nobody runs the site now). */
	memcpy(l.bytes, old_bytes, SITE_LEN);
	text_poke_bp_batch(&l, 1);
	KEXPECT_MEMEQ(t, old_bytes, text_poke_inside_site, SITE_LEN);
	return arranged || inside.no_int3 || inside.no_ipi;
}

#define MAX_TRIES 20

static void test_a_batch_waits_for_a_cpu_inside_a_site(struct ktest *t)
{
	unsigned int tries = 0;

	KASSERT_EQ(t, text_poke_inside_end - text_poke_inside_site, SITE_LEN);
	KASSERT_TRUE(t, KEXPECT_MEMEQ(t, old_bytes, text_poke_inside_site, SITE_LEN));
	while (tries++ < MAX_TRIES)
		if (try_inside(t))
			break;
	if (tries > MAX_TRIES)
		KTEST_FAIL(t, "in %u tries the IPI never found CPU %u inside the site", MAX_TRIES,
			   inside.cpu);
	else
		printk("    # CPU %u inside the site when the batch began (try %u, %lu IPIs taken there)\n",
		       inside.cpu, tries, inside.received_end - inside.received_inside);
}

static const char *text_poke_inside_skip(void)
{
	return num_online_cpus() < 2 ? "needs a second CPU to be inside the site" : NULL;
}

static const struct ktest_case text_poke_inside_cases[] = {
	KTEST_CASE(test_a_batch_waits_for_a_cpu_inside_a_site),
	{},
};
KTEST_SUITE(text_poke_inside, text_poke_inside_cases, text_poke_inside_skip);
