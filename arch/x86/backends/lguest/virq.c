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
#include <asm/irq.h>
#include <asm/irqflags_native.h>
#include <asm/paravirt.h>
#include <asm/platform.h>
#include <asm/processor.h>
#include <pvops/backend.h>
#include <pvops/lguest.h>

BUILD_BUG_ON(LGUEST_IRQ_ENABLED != X86_EFLAGS_IF);
BUILD_BUG_ON(NR_IRQS > 31); /* lines and LGUEST_PENDING_REAL_IF_OFF share a word */

u32 lguest_irq_enabled;
u32 lguest_irq_pending;

/*
 * Deferred lines in arrival order. A deferred line stays masked until it
 * is replayed, so it is queued at most once and NR_IRQS entries suffice.
 */
static u8 deferred_queue[NR_IRQS];
static unsigned int queue_head, queue_len;

/*
 * Lines whose next delivery is a request the controller latched while the
 * line was masked for a deferral. Like lguest's pending bit (and like the
 * CPU's IF on bare metal) a deferral stands for every request of its line
 * until it is replayed, so that delivery is acknowledged, not run again.
 */
static u32 latched_repeats;

static struct lguest_irq_stats stats;

const volatile struct lguest_irq_stats *lguest_irq_stats(void)
{
	return &stats;
}

unsigned long lguest_real_irq_flag(void)
{
	return native_save_fl() & X86_EFLAGS_IF;
}

/* Every handler runs through here, with the flag and the real IF off. */
static void run_handler(unsigned int irq, struct pt_regs *regs, unsigned long context,
			bool replay)
{
	stats.context_flag = context;
	stats.context_replay = replay;
	handle_irq(irq, regs);
}

static void defer(unsigned int irq, struct pt_regs *regs)
{
	/* Masked, it cannot fire again (and so cannot storm) until replayed. */
	platform->irq_mask(irq);
	if (!(lguest_irq_pending & (1u << irq))) {
		deferred_queue[(queue_head + queue_len) % NR_IRQS] = irq;
		queue_len++;
		stats.deferred++;
	}
	lguest_irq_pending |= (1u << irq) | LGUEST_PENDING_REAL_IF_OFF;
	/* Back to the interrupted code with the real IF off: iret restores it. */
	regs->flags &= ~X86_EFLAGS_IF;
}

void lguest_irq_entry(unsigned int irq, struct pt_regs *regs)
{
	if (latched_repeats & (1u << irq)) {
		/* Whatever the flag: this request was already replayed. */
		latched_repeats &= ~(1u << irq);
		stats.coalesced++;
		platform->irq_eoi(irq);
		return;
	}
	if (!(regs->pvflags & LGUEST_IRQ_ENABLED)) {
		defer(irq, regs);
		return;
	}
	WRITE_ONCE(lguest_irq_enabled, 0);
	stats.delivered++;
	run_handler(irq, regs, regs->pvflags, false);
	/* The exit path restores regs->pvflags through a restore_fl site. */
}

/*
 * The one path that runs deferred interrupts. The enabling op has just set
 * the flag on and seen lguest_irq_pending; the real IF is off. Each
 * deferred line runs once, oldest first, with the flag off, is unmasked
 * again after its handler, and the real IF comes back on at the end.
 * Requests the controller latched meanwhile are the same interrupt
 * (latched_repeats).
 */
void lguest_replay(void)
{
	u32 flag = READ_ONCE(lguest_irq_enabled);

	native_irq_disable(); /* already off; makes the invariant local */
	WRITE_ONCE(lguest_irq_enabled, 0);
	stats.replay_calls++;
	while (queue_len) {
		unsigned int irq = deferred_queue[queue_head];
		/* The original frame is gone: handlers get one that names the line. */
		struct pt_regs frame = {
			.pvflags = flag,
			.vector = IRQ_VECTOR_BASE + irq,
			.flags = X86_EFLAGS_IF,
		};

		queue_head = (queue_head + 1) % NR_IRQS;
		queue_len--;
		lguest_irq_pending &= ~(1u << irq);
		if (platform->irq_latched && platform->irq_latched(irq))
			latched_repeats |= 1u << irq;
		stats.replayed++;
		run_handler(irq, &frame, flag, true);
		irq_reenable(irq);
	}
	WRITE_ONCE(lguest_irq_pending, 0);
	WRITE_ONCE(lguest_irq_enabled, flag);
	native_irq_enable();
}
PV_CALLEE_SAVE_REGS_THUNK(lguest_replay);

const struct pv_irq_ops *lguest_init(const struct pv_backend *b)
{
	struct lguest_backend_data *d = b->data;

	d->flag_addr = (unsigned long)&lguest_irq_enabled;
	/*
	 * pv_setup() runs with interrupts off: the flag starts off, and the
	 * real IF too until the first enable turns it on through the replay
	 * path (so nothing can interrupt the patching).
	 */
	native_irq_disable();
	lguest_irq_enabled = 0;
	lguest_irq_pending = LGUEST_PENDING_REAL_IF_OFF;
	return b->irq_ops;
}
