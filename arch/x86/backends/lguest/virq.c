/*
 * The lguest-style backend at run time: the virtual interrupt flag,
 * interrupts deferred while it is off and replayed when it comes back on
 * (see lguest.h for the whole picture; backend.c has the table).
 *
 * Interrupt entry (entry_*.S) saves the interrupted code's flag in
 * pt_regs.pvflags with a save_fl site and calls do_irq() with the real IF
 * off (interrupt gates); on the way out it turns the flag off and restores
 * pvflags with a restore_fl site. lguest_irq_entry() decides from pvflags,
 * turns the flag off for the handler, and leaves putting it back to that
 * exit path.
 */
#include <asm/apic.h>
#include <asm/irq.h>
#include <asm/irqflags_native.h>
#include <asm/paravirt.h>
#include <asm/platform.h>
#include <asm/processor.h>
#include <pvops/backend.h>
#include <pvkern/percpu.h>
#include <pvkern/string.h>
#include <pvops/lguest.h>

BUILD_BUG_ON(LGUEST_IRQ_ENABLED != X86_EFLAGS_IF);
/* lines, LGUEST_PENDING_LOCAL and LGUEST_PENDING_REAL_IF_OFF share a word */
BUILD_BUG_ON(NR_IRQS > 30);
BUILD_BUG_ON(NR_LOCAL_VECTORS > 32);

DEFINE_PER_CPU(u32, lguest_irq_enabled);
DEFINE_PER_CPU(u32, lguest_irq_pending);

/*
 * A CPU's deferred interrupts, by vector, in arrival order. A deferred
 * line stays masked and a deferred local vector is recorded in
 * local_waiting until it is replayed, so each is queued at most once and
 * one slot per line and local vector suffices.
 */
#define QUEUE_LEN (NR_IRQS + NR_LOCAL_VECTORS)

struct lguest_queue {
	u8 vector[QUEUE_LEN];
	unsigned int head, len;
	u32 local_waiting; /* local vectors in the queue, by bit */
	/*
	 * Lines whose next delivery is a request the controller latched while
	 * the line was masked for a deferral. Like lguest's pending bit (and
	 * like the CPU's IF on bare metal) a deferral stands for every request
	 * of its line until it is replayed, so that delivery is acknowledged,
	 * not run again.
	 */
	u32 latched_repeats;
};

static DEFINE_PER_CPU(struct lguest_queue, lguest_queue);
static DEFINE_PER_CPU(struct lguest_irq_stats, lguest_stats);

const volatile struct lguest_irq_stats *lguest_irq_stats(void)
{
	return this_cpu_ptr(lguest_stats);
}

const volatile struct lguest_irq_stats *lguest_irq_stats_of(unsigned int cpu)
{
	return per_cpu_ptr(lguest_stats, cpu);
}

unsigned long lguest_real_irq_flag(void)
{
	return native_save_fl() & X86_EFLAGS_IF;
}

static void enqueue(struct lguest_queue *q, unsigned int vector)
{
	q->vector[(q->head + q->len) % QUEUE_LEN] = vector;
	q->len++;
}

/* Every handler runs through here, with the flag and the real IF off. */
static void run_handler(unsigned int vector, struct pt_regs *regs, unsigned long context,
			bool replay)
{
	struct lguest_irq_stats *st = this_cpu_ptr(lguest_stats);

	st->context_flag = context;
	st->context_replay = replay;
	if (vector >= LOCAL_VECTOR_BASE)
		handle_local_vector(regs);
	else
		handle_irq(vector - IRQ_VECTOR_BASE, regs);
}

/* Back to the interrupted code with the real IF off: iret restores it. */
static void hold_back(struct pt_regs *regs, u32 pending)
{
	this_cpu_write(lguest_irq_pending,
		       this_cpu_read(lguest_irq_pending) | pending | LGUEST_PENDING_REAL_IF_OFF);
	regs->flags &= ~X86_EFLAGS_IF;
}

static void defer(unsigned int irq, struct pt_regs *regs)
{
	struct lguest_queue *q = this_cpu_ptr(lguest_queue);

	/* Masked, it cannot fire again (and so cannot storm) until replayed. */
	platform->irq_mask(irq);
	if (!(this_cpu_read(lguest_irq_pending) & (1u << irq))) {
		enqueue(q, IRQ_VECTOR_BASE + irq);
		this_cpu_ptr(lguest_stats)->deferred++;
	}
	hold_back(regs, 1u << irq);
}

void lguest_irq_entry(unsigned int irq, struct pt_regs *regs)
{
	struct lguest_queue *q = this_cpu_ptr(lguest_queue);

	if (q->latched_repeats & (1u << irq)) {
		/* Whatever the flag: this request was already replayed. */
		q->latched_repeats &= ~(1u << irq);
		this_cpu_ptr(lguest_stats)->coalesced++;
		platform->irq_eoi(irq);
		return;
	}
	if (!(regs->pvflags & LGUEST_IRQ_ENABLED)) {
		defer(irq, regs);
		return;
	}
	this_cpu_write(lguest_irq_enabled, 0);
	this_cpu_ptr(lguest_stats)->delivered++;
	run_handler(IRQ_VECTOR_BASE + irq, regs, regs->pvflags, false);
	/* The exit path restores regs->pvflags through a restore_fl site. */
}

/*
 * A local-APIC vector (a tick or an IPI of this CPU). The APIC cannot be
 * masked per vector as the PIC's lines are, so a deferred vector is
 * acknowledged at once (an unacknowledged one would hold back every
 * vector of its priority class, the next request of the same IPI
 * included) and remembered in this CPU's queue, and the CPU goes back
 * with its real IF off until the enable replays it. The handler then
 * runs as if the vector had just arrived; its own EOI finds nothing in
 * service and is ignored. A request of a vector already waiting is the
 * same interrupt, as the APIC's own IRR would have made it.
 */
void lguest_local_vector_entry(struct pt_regs *regs)
{
	struct lguest_queue *q = this_cpu_ptr(lguest_queue);
	struct lguest_irq_stats *st = this_cpu_ptr(lguest_stats);
	unsigned int bit = regs->vector - LOCAL_VECTOR_BASE;

	if (regs->pvflags & LGUEST_IRQ_ENABLED) {
		this_cpu_write(lguest_irq_enabled, 0);
		st->delivered++;
		run_handler(regs->vector, regs, regs->pvflags, false);
		return;
	}
	lapic_eoi();
	if (q->local_waiting & (1u << bit)) {
		st->local_coalesced++;
	} else {
		q->local_waiting |= 1u << bit;
		enqueue(q, regs->vector);
		st->deferred++;
		st->local_deferred++;
	}
	hold_back(regs, LGUEST_PENDING_LOCAL);
}

/*
 * The one path that runs deferred interrupts. The enabling op has just set
 * this CPU's flag on and seen its pending set non-empty; the real IF is
 * off. Each deferred interrupt runs once, oldest first, with the flag off;
 * a line is unmasked again after its handler, and the real IF comes back
 * on at the end. Requests the controller latched meanwhile are the same
 * interrupt (latched_repeats).
 */
/* With the ops' code: the stop for a backend switch never holds a CPU in here. */
__section(".text.pv_ops") void lguest_replay(void)
{
	struct lguest_queue *q = this_cpu_ptr(lguest_queue);
	struct lguest_irq_stats *st = this_cpu_ptr(lguest_stats);
	u32 flag = this_cpu_read(lguest_irq_enabled);

	native_irq_disable(); /* already off; makes the invariant local */
	this_cpu_write(lguest_irq_enabled, 0);
	st->replay_calls++;
	while (q->len) {
		unsigned int vector = q->vector[q->head];
		/* The original frame is gone: handlers get one that names the vector. */
		struct pt_regs frame = {
			.ip = (unsigned long)lguest_replay,
			.pvflags = flag,
			.vector = vector,
			.flags = X86_EFLAGS_IF,
		};

		q->head = (q->head + 1) % QUEUE_LEN;
		q->len--;
		st->replayed++;
		if (vector >= LOCAL_VECTOR_BASE) {
			q->local_waiting &= ~(1u << (vector - LOCAL_VECTOR_BASE));
			run_handler(vector, &frame, flag, true);
		} else {
			unsigned int irq = vector - IRQ_VECTOR_BASE;

			this_cpu_write(lguest_irq_pending,
				       this_cpu_read(lguest_irq_pending) & ~(1u << irq));
			if (platform->irq_latched && platform->irq_latched(irq))
				q->latched_repeats |= 1u << irq;
			run_handler(vector, &frame, flag, true);
			irq_reenable(irq);
		}
	}
	this_cpu_write(lguest_irq_pending, 0);
	this_cpu_write(lguest_irq_enabled, flag);
	native_irq_enable();
}
PV_CALLEE_SAVE_REGS_THUNK(lguest_replay);

/*
 * A CPU starts with its flag off and its real IF off: the first enable
 * turns the real IF on through the replay path. The boot CPU's state is
 * the template's, made here at pv_setup(), which runs with interrupts
 * off (so nothing can interrupt the patching); every other CPU's area is
 * a copy of the template taken while the boot CPU runs, so cpu_init()
 * starts it afresh on that CPU before its first op.
 */
static void start_cpu_state(void)
{
	native_irq_disable();
	this_cpu_write(lguest_irq_enabled, 0);
	this_cpu_write(lguest_irq_pending, LGUEST_PENDING_REAL_IF_OFF);
	memset(this_cpu_ptr(lguest_queue), 0, sizeof(struct lguest_queue));
	memset(this_cpu_ptr(lguest_stats), 0, sizeof(struct lguest_irq_stats));
}

const struct pv_irq_ops *lguest_init(const struct pv_backend *b)
{
	struct lguest_backend_data *d = b->data;

	/* The template's address: the sites add the per-CPU segment's base. */
	d->flag_addr = (unsigned long)&lguest_irq_enabled;
	start_cpu_state();
	return b->irq_ops;
}

void lguest_cpu_init(const struct pv_backend *b)
{
	start_cpu_state();
}

/*
 * Leaving the backend: what this CPU deferred runs now (the CPU's flag is
 * off, so it runs as at the enable that would have replayed it), and the
 * CPU goes on with its real IF off and nothing held back.
 */
void lguest_cpu_exit(const struct pv_backend *b)
{
	for (;;) {
		native_irq_disable();
		if (!this_cpu_ptr(lguest_queue)->len)
			break;
		lguest_replay();
	}
	this_cpu_write(lguest_irq_pending, 0);
}
