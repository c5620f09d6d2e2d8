/*
 * In-guest tests, reported as KTAP (the format of Linux's KUnit).
 *
 *	static void test_thing(struct ktest *t) { KEXPECT_EQ(t, 4, 2 + 2); }
 *	static const struct ktest_case thing_cases[] = {
 *		KTEST_CASE(test_thing), {}
 *	};
 *	KTEST_SUITE(thing, thing_cases, NULL);
 *
 * A suite's skip() (NULL: always runs) returns NULL when the suite applies to
 * this boot, or the reason it does not (e.g. "needs the xen backend"). A suite
 * that does not apply is still listed, as KTAP's `ok N name # SKIP reason`.
 */
#ifndef PVKERN_KTEST_H
#define PVKERN_KTEST_H

#include <pvkern/compiler.h>
#include <pvkern/types.h>

struct ktest {
	const char *name;
	bool failed;
	int cpu; /* the CPU it runs on in an each-CPU suite, else -1 */
};

struct ktest_case {
	const char *name;
	void (*run)(struct ktest *t);
};

struct ktest_suite {
	const char *name;
	const struct ktest_case *cases;
	const char *(*skip)(void);
	bool each_cpu;
};

#define KTEST_CASE(fn) { .name = #fn, .run = fn }

/* Host test builds collect suites with the linker's __start_/__stop_ symbols. */
#ifdef KTEST_HOST
#define KTEST_SECTION(sname) "ktest_suites"
#else
#define KTEST_SECTION(sname) ".ktest_suites." #sname
#endif

#define __KTEST_SUITE(sname, scases, sskip, on_each_cpu)                    \
	static const struct ktest_suite __ktest_suite_##sname __used            \
		__section(KTEST_SECTION(sname)) __aligned(sizeof(void *)) = {   \
			.name = #sname, .cases = scases, .skip = sskip,             \
			.each_cpu = on_each_cpu                                     \
		}
#define KTEST_SUITE(sname, scases, sskip) __KTEST_SUITE(sname, scases, sskip, false)
#define KTEST_SUITE_EACH_CPU(sname, scases, sskip) __KTEST_SUITE(sname, scases, sskip, true)

/*
 * Why an each-CPU suite runs on the boot CPU only in this boot (NULL: it
 * runs on every online CPU). Provided by the tests (tests/kernel/smp_tests.c).
 */
const char *ktest_other_cpus_skip(void);

/* Diagnostics: one "# file:line: ..." line under the running test. */
void ktest_fail(struct ktest *t, const char *file, int line, const char *fmt, ...)
	__printf(4, 5);
bool ktest_expect_u64(struct ktest *t, const char *file, int line, const char *op,
		      const char *lhs, const char *rhs, u64 a, u64 b, bool ok);
bool ktest_expect_mem(struct ktest *t, const char *file, int line, const char *what,
		      const void *expected, const void *actual, size_t n);
bool ktest_expect_str(struct ktest *t, const char *file, int line, const char *what,
		      const char *expected, const char *actual);

#define _KEXPECT_OP(t, a, op, b)                                               \
	({                                                                     \
		u64 __a = (u64)(a), __b = (u64)(b);                                \
		ktest_expect_u64(t, __FILE__, __LINE__, #op, #a, #b, __a, __b,     \
				 __a op __b);                                      \
	})
#define KEXPECT_EQ(t, a, b) _KEXPECT_OP(t, a, ==, b)
#define KEXPECT_NE(t, a, b) _KEXPECT_OP(t, a, !=, b)
#define KEXPECT_LT(t, a, b) _KEXPECT_OP(t, a, <, b)
#define KEXPECT_LE(t, a, b) _KEXPECT_OP(t, a, <=, b)
#define KEXPECT_GT(t, a, b) _KEXPECT_OP(t, a, >, b)
#define KEXPECT_GE(t, a, b) _KEXPECT_OP(t, a, >=, b)
#define KEXPECT_TRUE(t, c) _KEXPECT_OP(t, !!(c), ==, 1)
#define KEXPECT_FALSE(t, c) _KEXPECT_OP(t, !!(c), ==, 0)
#define KEXPECT_MEMEQ(t, exp, act, n) \
	ktest_expect_mem(t, __FILE__, __LINE__, #act, exp, act, n)
#define KEXPECT_STREQ(t, exp, act) \
	ktest_expect_str(t, __FILE__, __LINE__, #act, exp, act)
#define KTEST_FAIL(t, ...) ktest_fail(t, __FILE__, __LINE__, __VA_ARGS__)

/* The same, but the test stops at the first failure. */
#define KASSERT_EQ(t, a, b) do { if (!KEXPECT_EQ(t, a, b)) return; } while (0)
#define KASSERT_TRUE(t, c) do { if (!KEXPECT_TRUE(t, c)) return; } while (0)
#define KASSERT_GT(t, a, b) do { if (!KEXPECT_GT(t, a, b)) return; } while (0)

/* Runs every suite that applies, lists the others as skipped; returns the number of failed cases. */
unsigned int ktest_run_all(void);

#endif
