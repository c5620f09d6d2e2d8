/*
 * The KTAP runner: a top-level plan of suites, each a nested KTAP document
 * with its own plan, as KUnit prints them.
 */
#ifndef KTEST_HOST
#include <asm/irqflags.h>
#include <pvkern/smp.h>
#endif
#include <pvkern/cmdline.h>
#include <pvkern/ktest.h>
#include <pvkern/printk.h>
#include <pvkern/string.h>

BOOT_PARAM_STRING(param_ktest_filter, "ktest.filter", "run only the suite of this name");

#ifdef KTEST_HOST
#define __ktest_suites_start __start_ktest_suites
#define __ktest_suites_end __stop_ktest_suites
#endif
extern const struct ktest_suite __ktest_suites_start[], __ktest_suites_end[];

/* NULL when the suite runs in this boot, else why it does not (printed as # SKIP). */
static const char *suite_skip_reason(const struct ktest_suite *s)
{
	const char *filter = cmdline_get("ktest.filter");

	if (filter && strcmp(filter, s->name) != 0)
		return "not selected by ktest.filter";
	return s->skip ? s->skip() : NULL;
}

/* A filter that names no suite is a typo: fail the run rather than pass on nothing. */
static bool filter_matches_a_suite(void)
{
	const char *filter = cmdline_get("ktest.filter");

	if (!filter)
		return true;
	for (const struct ktest_suite *s = __ktest_suites_start; s < __ktest_suites_end; s++)
		if (strcmp(filter, s->name) == 0)
			return true;
	printk("ktest: ktest.filter=%s names no test suite: failing the run\n", filter);
	return false;
}

void ktest_fail(struct ktest *t, const char *file, int line, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (t->cpu >= 0)
		printk("    # %s: CPU %d: %s:%d: %s\n", t->name, t->cpu, file, line, buf);
	else
		printk("    # %s: %s:%d: %s\n", t->name, file, line, buf);
	t->failed = true;
}

bool ktest_expect_u64(struct ktest *t, const char *file, int line, const char *op,
		      const char *lhs, const char *rhs, u64 a, u64 b, bool ok)
{
	if (ok)
		return true;
	ktest_fail(t, file, line, "expected %s %s %s", lhs, op, rhs);
	printk("    #   %s = %llu (0x%llx)\n", lhs, (unsigned long long)a,
	       (unsigned long long)a);
	printk("    #   %s = %llu (0x%llx)\n", rhs, (unsigned long long)b,
	       (unsigned long long)b);
	return false;
}

static void print_bytes(const char *label, const u8 *p, size_t n)
{
	char line[200];
	size_t len = 0;

	for (size_t i = 0; i < n && len + 4 < sizeof(line); i++)
		len += snprintf(line + len, sizeof(line) - len, " %02x", p[i]);
	printk("    #   %s:%s\n", label, line);
}

bool ktest_expect_mem(struct ktest *t, const char *file, int line, const char *what,
		      const void *expected, const void *actual, size_t n)
{
	if (memcmp(expected, actual, n) == 0)
		return true;
	ktest_fail(t, file, line, "bytes of %s differ", what);
	print_bytes("expected", expected, n);
	print_bytes("actual  ", actual, n);
	return false;
}

bool ktest_expect_str(struct ktest *t, const char *file, int line, const char *what,
		      const char *expected, const char *actual)
{
	if (strcmp(expected, actual) == 0)
		return true;
	ktest_fail(t, file, line, "expected %s == \"%s\", got \"%s\"", what, expected,
		   actual);
	return false;
}

#ifndef KTEST_HOST
struct case_on_cpu {
	const struct ktest_case *c;
	struct ktest *t;
};

/* Another CPU is called with interrupts off; the cases expect them on. */
static void run_case_on_other_cpu(void *arg)
{
	struct case_on_cpu *r = arg;

	local_irq_enable();
	r->c->run(r->t);
	local_irq_disable();
}

/* Runs the case on every online CPU, or on the boot CPU only when others is false. */
static void run_case_each_cpu(const struct ktest_case *c, struct ktest *t, bool others)
{
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		struct case_on_cpu r = { .c = c, .t = t };

		if (!cpu_online(cpu) || (cpu && !others))
			continue;
		t->cpu = (int)cpu;
		if (cpu == smp_processor_id())
			c->run(t);
		else
			smp_call_on_cpu(cpu, run_case_on_other_cpu, &r);
	}
}

/* Which CPUs an each-CPU suite runs on, said once before its cases. */
static bool announce_cpus(const struct ktest_suite *s)
{
	const char *why = ktest_other_cpus_skip();

	if (why) {
		printk("    # %s: on CPU 0 only: %s\n", s->name, why);
		return false;
	}
	printk("    # %s: on each of %u CPUs\n", s->name, num_online_cpus());
	return true;
}
#endif

static unsigned int run_suite(const struct ktest_suite *s, unsigned int index,
			      unsigned int *total)
{
	unsigned int ncases = 0, failed = 0;
	bool others = false;

	while (s->cases[ncases].run)
		ncases++;
	printk("    KTAP version 1\n    # Subtest: %s\n    1..%u\n", s->name, ncases);
#ifndef KTEST_HOST
	if (s->each_cpu)
		others = announce_cpus(s);
#endif
	for (unsigned int i = 0; i < ncases; i++) {
		struct ktest t = { .name = s->cases[i].name, .failed = false, .cpu = -1 };

#ifndef KTEST_HOST
		if (s->each_cpu)
			run_case_each_cpu(&s->cases[i], &t, others);
		else
#endif
			s->cases[i].run(&t);
		printk("    %sok %u %s\n", t.failed ? "not " : "", i + 1, t.name);
		failed += t.failed;
	}
	(void)others;
	printk("%sok %u %s\n", failed ? "not " : "", index, s->name);
	*total += ncases;
	return failed;
}

unsigned int ktest_run_all(void)
{
	unsigned int nsuites = 0, index = 0, failed = 0, total = 0, skipped = 0;
	const struct ktest_suite *s;

	if (!filter_matches_a_suite())
		return 1;
	for (s = __ktest_suites_start; s < __ktest_suites_end; s++)
		nsuites++;
	printk("KTAP version 1\n1..%u\n", nsuites);
	for (s = __ktest_suites_start; s < __ktest_suites_end; s++) {
		const char *why = suite_skip_reason(s);

		if (why) {
			printk("ok %u %s # SKIP %s\n", ++index, s->name, why);
			skipped++;
			continue;
		}
		failed += run_suite(s, ++index, &total);
	}
	printk("# pvkern: %u tests in %u suites (%u skipped): %u passed, %u failed\n", total,
	       nsuites - skipped, skipped, total - failed, failed);
	return failed;
}
