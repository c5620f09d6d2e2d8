/*
 * Rewriting text that other CPUs may be running: the breakpoint protocol.
 * For a batch of sites, each of which is (until rewritten) a call through
 * a slot of an op table:
 *
 *   1. an int3 on every site's first byte, then every CPU serialised;
 *   2. every site's other bytes, then every CPU serialised;
 *   3. every site's first byte, then every CPU serialised.
 *
 * No CPU can fetch a half-written site: until step 3 the first byte is an
 * int3, and a CPU that runs into it is steered as if the site's call had
 * run (the int3 entry, asm/text_poke_int3.h): the return address is the
 * site's end, the target what the slot holds now. That is right at every
 * moment, because both the old and the new bytes mean exactly that call.
 * The int3 handler runs with interrupts off, so a CPU inside it cannot
 * answer the serialisation and the batch cannot end under it.
 *
 * A site's bytes may be more than one instruction (a NOP before a call,
 * pushf before pop), and a CPU interrupted between two of them goes back
 * into the middle of the site: once its tail changed, into the middle of
 * some other instruction. The int3 keeps CPUs from entering a site, not
 * one that is already inside. So step 1 serialises again until no CPU
 * answers from inside a site of the batch: each such CPU, back from its
 * interrupt, runs the old tail to the site's end and out.
 */
#include <asm/pgtable.h>
#include <asm/text_poke_bp.h>
#include <asm/text_poke_int3.h>
#include <pvkern/compiler.h>
#include <pvkern/percpu.h>
#include <pvkern/smp.h>

static const struct text_poke_loc *volatile bp_locs;
static volatile unsigned int bp_nr;
static DEFINE_PER_CPU(unsigned long, bp_emulated);
static DEFINE_PER_CPU(unsigned long, bp_stale);
static unsigned long bp_inside_waits;

static const u8 int3 = 0xcc;
static text_poke_site_finder_t site_finder;

void text_poke_bp_set_finder(text_poke_site_finder_t find)
{
	WRITE_ONCE(site_finder, find);
}

/*
 * From the int3 entry, frame[0] the address after the int3: returns where
 * the emulated call returns to (frame[0] set to the op), or
 * TEXT_POKE_INT3_RETRY (frame[0] set back to the int3's address), or 0
 * (not ours). No paravirt site may run here: it could be one being
 * rewritten.
 */
unsigned long text_poke_int3(unsigned long *frame)
{
	unsigned int n = __atomic_load_n(&bp_nr, __ATOMIC_ACQUIRE);
	const struct text_poke_loc *locs = bp_locs;
	unsigned long addr = frame[0] - 1;
	text_poke_site_finder_t find = READ_ONCE(site_finder);
	const unsigned long *slot;
	unsigned int len;

	for (unsigned int i = 0; i < n; i++) {
		if ((unsigned long)locs[i].addr != addr)
			continue;
		frame[0] = *locs[i].call_slot;
		this_cpu_write(bp_emulated, this_cpu_read(bp_emulated) + 1);
		return addr + locs[i].len;
	}
	/*
	 * Not in the batch: an int3 this CPU fetched before the batch that
	 * wrote it ended (or before the next one began): QEMU's parallel TCG
	 * can keep running a translation of text another CPU has since
	 * rewritten, and would run into the same int3 at every retry. A
	 * site's call is emulated as above, since every form of a site means
	 * that call; anything else that is no int3 any more runs again.
	 */
	if (find && find(addr, &slot, &len)) {
		this_cpu_write(bp_stale, this_cpu_read(bp_stale) + 1);
		frame[0] = *slot;
		return addr + len;
	}
	if (*(const volatile u8 *)addr == int3)
		return 0;
	this_cpu_write(bp_stale, this_cpu_read(bp_stale) + 1);
	frame[0] = addr;
	return TEXT_POKE_INT3_RETRY;
}

unsigned long text_poke_int3_stale(unsigned int cpu)
{
	return READ_ONCE(per_cpu(bp_stale, cpu));
}

unsigned long text_poke_int3_emulated(unsigned int cpu)
{
	return READ_ONCE(per_cpu(bp_emulated, cpu));
}

unsigned long text_poke_bp_inside_waits(void)
{
	return READ_ONCE(bp_inside_waits);
}

static bool inside_a_site(unsigned long ip, const struct text_poke_loc *locs, unsigned int nr)
{
	for (unsigned int i = 0; i < nr; i++)
		if (ip > (unsigned long)locs[i].addr && ip < (unsigned long)locs[i].addr + locs[i].len)
			return true;
	return false;
}

/* Whether some other CPU answered the last serialisation from inside a site of the batch. */
static bool a_cpu_inside(const struct text_poke_loc *locs, unsigned int nr)
{
	unsigned int me = smp_processor_id();

	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		if (cpu != me && cpu_online(cpu) && inside_a_site(smp_sync_ip(cpu), locs, nr))
			return true;
	return false;
}

enum bp_step { BP_INT3, BP_TAIL, BP_HEAD };

/* One step over the whole batch, then every CPU serialised. */
static void write_step(const struct text_poke_loc *locs, unsigned int nr, enum bp_step step)
{
	unsigned long flags;

	text_poke_begin(&flags);
	for (unsigned int i = 0; i < nr; i++) {
		const struct text_poke_loc *l = &locs[i];

		if (step == BP_INT3)
			text_poke_write(l->addr, &int3, 1);
		else if (step == BP_HEAD)
			text_poke_write(l->addr, l->bytes, 1);
		else if (l->len > 1)
			text_poke_write(l->addr + 1, l->bytes + 1, l->len - 1);
	}
	text_poke_end(flags);
	smp_sync_others();
}

void text_poke_bp_begin(const struct text_poke_loc *locs, unsigned int nr)
{
	bp_locs = locs;
	__atomic_store_n(&bp_nr, nr, __ATOMIC_RELEASE);
	write_step(locs, nr, BP_INT3);
	while (a_cpu_inside(locs, nr)) {
		bp_inside_waits++;
		smp_sync_others();
	}
}

void text_poke_bp_finish(void)
{
	const struct text_poke_loc *locs = bp_locs;
	unsigned int nr = bp_nr;

	write_step(locs, nr, BP_TAIL);
	/* The first bytes last: each site becomes whole at once. */
	write_step(locs, nr, BP_HEAD);
	__atomic_store_n(&bp_nr, 0, __ATOMIC_RELEASE);
}

void text_poke_bp_batch(const struct text_poke_loc *locs, unsigned int nr)
{
	if (!nr)
		return;
	text_poke_bp_begin(locs, nr);
	text_poke_bp_finish();
}
