# Fuzzing: libFuzzer harnesses (tests/fuzz/<target>.c, one small file per
# target) built with Debian's clang, AddressSanitizer and UBSan around the
# kernel's own parser sources (or a whole host tool), as make host-tests
# builds the patcher.
#
#   make fuzzers                   build/fuzz/<target>-<arch>
#   make fuzz [FUZZ_SECONDS=60] [FUZZ_TARGETS='mb2-i386 cmdline-x86_64']
#                                  replay the regression inputs, then fuzz each
#                                  target for FUZZ_SECONDS from seeds made from
#                                  the built kernels and fixtures; prints the
#                                  executions and exec/s of each
#
# make test runs a smoke pass of each (matrix rows fuzz-<target>-<arch>, a
# few seconds each, tests/fuzz/run.py): a crash, hang or leak fails it and
# names the reproducer. Inputs that once crashed live in
# tests/fuzz/regressions/<target>/ and are replayed first.
#
# Adding a target: write tests/fuzz/NAME.c (LLVMFuzzerTestOneInput) and one
# FUZZ_TARGET line below; seeds come from tests/fuzz/seeds.py (a function
# per target, none needed to start from nothing).

FUZZ_DIR := build/fuzz
FUZZ_CC := clang
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?=
FUZZ_FLAGS := -std=gnu11 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer -Wall -Wextra -Werror -Wno-unused-parameter \
	-Iinclude -DKTEST_HOST -DCONFIG_PARAVIRT
FUZZ_XEN_INC := $(FUZZ_DIR)/xen-include
FUZZ_XEN_FLAGS := -isystem $(FUZZ_XEN_INC) -D__XEN_INTERFACE_VERSION__=0x00040e00
fuzz_arch_flags = $(if $(filter i386,$(1)),-m32 -DPV_TARGET_I386,-m64 -DPV_TARGET_X86_64)
# Kernel sources log through printk: the fuzzers' one formats and drops it.
FUZZ_KPRINTK := tests/fuzz/fuzz_printk.c
# The host tools' own sources and the arch models tools.mk builds.
FUZZ_TOOL_SRCS := $(addprefix tools/paracheck/,kelf.c disasm.c report.c host_printk.c)
FUZZ_TOOL_LINK := build/tools/obj/model-x86_64.o build/tools/obj/model-i386.o -lelf -lcapstone

FUZZ_BINS :=
# $(1) target, $(2) arches, $(3) sources besides tests/fuzz/$(1).c,
# $(4) compiler flags, $(5) objects and libraries to link
define FUZZ_TARGET
FUZZ_BINS += $(foreach a,$(2),$(FUZZ_DIR)/$(1)-$(a))
$(foreach a,$(2),$(FUZZ_DIR)/$(1)-$(a)): $(FUZZ_DIR)/$(1)-%: tests/fuzz/$(1).c $(3) \
		$(wildcard tests/fuzz/*.h include/*/*.h) $(filter %.o,$(5)) | $(FUZZ_XEN_INC)/xen
	$(Q)mkdir -p $$(@D)
	$(quiet) "  FUZZCC  $$@"
	$(Q)$(FUZZ_CC) $(FUZZ_FLAGS) $$(call fuzz_arch_flags,$$*) $(4) tests/fuzz/$(1).c $(3) \
		-o $$@ $(5)
endef

$(eval $(call FUZZ_TARGET,cmdline,x86_64 i386,kernel/cmdline.c $(FUZZ_KPRINTK)))
$(eval $(call FUZZ_TARGET,mb1,x86_64 i386,arch/x86/boot/multiboot1_info.c $(FUZZ_KPRINTK)))
$(eval $(call FUZZ_TARGET,mb2,x86_64 i386,arch/x86/boot/multiboot2_info.c $(FUZZ_KPRINTK)))
$(eval $(call FUZZ_TARGET,start_info,x86_64 i386,arch/x86/platform/xen/start_info.c $(FUZZ_KPRINTK),$(FUZZ_XEN_FLAGS)))
$(eval $(call FUZZ_TARGET,pvh_start_info,x86_64 i386,arch/x86/platform/xen_pvh/start_info.c $(FUZZ_KPRINTK),$(FUZZ_XEN_FLAGS)))
$(eval $(call FUZZ_TARGET,patch_record,x86_64 i386,pvops/patch.c arch/x86/backends/native/native.c $(FUZZ_KPRINTK)))
$(eval $(call FUZZ_TARGET,acpi,x86_64 i386,kernel/acpi.c $(FUZZ_KPRINTK)))
$(eval $(call FUZZ_TARGET,paracheck,x86_64,tools/paracheck/paracheck.c $(FUZZ_TOOL_SRCS),-Itools/paracheck -Dmain=paracheck_main,$(FUZZ_TOOL_LINK)))
$(eval $(call FUZZ_TARGET,pvscan,x86_64,tools/pvscan/pvscan.c $(FUZZ_TOOL_SRCS),-Itools/paracheck -Dmain=pvscan_main,$(FUZZ_TOOL_LINK)))

# The Xen public headers without the rest of /usr/include (see xen.mk).
$(FUZZ_XEN_INC)/xen:
	$(Q)mkdir -p $(@D)
	$(Q)ln -sfn /usr/include/xen $@

.PHONY: fuzzers fuzz
fuzzers: $(FUZZ_BINS)

# Seeds are made from the kernels and fixtures: build those first.
fuzz: deps fuzzers tools
	@$(MAKE) --no-print-directory ARCH=x86_64
	@$(MAKE) --no-print-directory ARCH=i386
	@python3 tests/fuzz/run.py --seconds $(FUZZ_SECONDS) $(FUZZ_TARGETS)

test: fuzzers
