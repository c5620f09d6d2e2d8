# The command line parser's unit tests (tests/host/cmdline/), built for the
# host with ASan and UBSan from the kernel's own kernel/cmdline.c and KTAP
# runner: build/host/test-cmdline-x86_64 (a 64-bit unsigned long) and
# build/host/test-cmdline-i386 (-m32: a 32-bit one, where 2^32 overflows).
# Part of make host-tests; the matrix runs them as host-cmdline-<arch>.

HOST_CMDLINE_SRCS := tests/host/cmdline/test_cmdline.c kernel/cmdline.c kernel/ktest.c
host_bits_flag = $(if $(filter i386,$(1)),-m32,-m64)

build/host/test-cmdline-%: $(HOST_CMDLINE_SRCS) include/pvkern/cmdline.h include/pvkern/ktest.h
	$(Q)mkdir -p $(@D)
	$(quiet) "  HOSTCC  $@"
	$(Q)$(HOST_CC) $(HOST_CFLAGS) $(call host_bits_flag,$*) $(HOST_CMDLINE_SRCS) -o $@

host-tests: build/host/test-cmdline-x86_64 build/host/test-cmdline-i386
