# Benchmarks: exact instruction counts under QEMU -icount. Included by the
# Makefile.
#
#   make bench    builds the three variants of both arches (no paravirt,
#                 callee-save thunks, plain C calls), boots every backend
#                 patched and unpatched in the kernel's benchmark mode (boot
#                 option `bench`, kernel/bench.c), prints the table and
#                 writes build/bench/{bench.csv,bench.md,bench.png,codesize.csv}
#                 (tools/bench/run.py). Runs repeat to the instruction: the
#                 script compares its counts with the previous run's.
#
# `make test` checks exact facts about the benchmark mode (the "bench"
# configurations of tests/matrix.py, tools/bench/check.py), which need the
# no-paravirt kernels.

BENCH_ARCHES := x86_64 i386
# Explicit values: a variable given to `make bench` must not leak into a variant.
BENCH_VARIANTS := "PARAVIRT=0 PV_PLAIN_CALLS=0" "PARAVIRT=1 PV_PLAIN_CALLS=0" \
	"PARAVIRT=1 PV_PLAIN_CALLS=1"

.PHONY: bench bench-kernels bench-floor-kernels
bench: deps bench-kernels
	$(Q)python3 tools/bench/run.py

bench-kernels:
	@for a in $(BENCH_ARCHES); do for v in $(BENCH_VARIANTS); do \
		$(MAKE) --no-print-directory ARCH=$$a PV_DEBUG=0 PV_WRONG_MASK_DEMO=0 $$v all \
			|| exit 1; \
	done; done

bench-floor-kernels:
	@for a in $(BENCH_ARCHES); do \
		$(MAKE) --no-print-directory ARCH=$$a PARAVIRT=0 PV_DEBUG=0 PV_PLAIN_CALLS=0 \
			PV_WRONG_MASK_DEMO=0 all || exit 1; \
	done

test: bench-floor-kernels

# The Xen setups need the hypervisors; without them they are reported as
# not measured.
ifneq ($(wildcard tools/mk/xen.mk),)
bench: xen-images
endif
