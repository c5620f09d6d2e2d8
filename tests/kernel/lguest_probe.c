/* The tick hook of the lguest-style backend's tests (lguest_probe.h). */
#include <asm/irqflags.h>
#include <asm/processor.h>
#include <pvkern/smp.h>
#include <pvkern/string.h>
#include <pvkern/timer.h>
#include <pvops/backend.h>
#include "lguest_probe.h"

volatile struct lguest_probe lguest_probe;
/* The CPU whose ticks the probe counts: the one that started it (every CPU ticks). */
static unsigned int probe_cpu;

const char *lguest_skip(void)
{
	return pv_backend_active() == &lguest_backend ? NULL : "needs pv.backend=lguest";
}

static void probe_tick(void)
{
	const volatile struct lguest_irq_stats *s = lguest_irq_stats();

	if (smp_processor_id() != probe_cpu)
		return;
	lguest_probe.runs++;
	if (s->context_replay)
		lguest_probe.replay_runs++;
	if (!(s->context_flag & X86_EFLAGS_IF))
		lguest_probe.context_off++;
	if (!irqs_disabled())
		lguest_probe.flag_on++;
	if (lguest_real_irq_flag())
		lguest_probe.real_if_on++;
}

void lguest_probe_start(void)
{
	unsigned long flags;

	local_irq_save(flags);
	memset((void *)&lguest_probe, 0, sizeof(lguest_probe));
	probe_cpu = smp_processor_id();
	timer_set_hook(probe_tick);
	local_irq_restore(flags);
}

void lguest_probe_stop(void)
{
	timer_set_hook(NULL);
}

struct lguest_irq_stats lguest_stats_snapshot(void)
{
	struct lguest_irq_stats copy;
	unsigned long flags;

	local_irq_save(flags);
	copy = *(const struct lguest_irq_stats *)lguest_irq_stats();
	local_irq_restore(flags);
	return copy;
}
