# Host tools: paracheck (inspect and validate .parainstructions) and pvscan
# (find pv calls without a record), plus the fixtures their tests read.
#
#   make tools    build/tools/{paracheck,pvscan}, the same built with
#                 AddressSanitizer and UBSan in build/tools/san/, and the
#                 fixture objects in build/tools/fixtures/
#
# Both tools read ELF32 and ELF64 kernels. Each links two "arch models"
# (tools/paracheck/arch_model.c built with the kernel's own patcher and
# backend sources, once per target); everything in a model but its
# pvt_arch_<arch> object is made local, so the two copies do not clash.
# Needs libelf-dev and libcapstone-dev (tools/deps.txt).

TOOLS_DIR := build/tools
TOOLS_CC := gcc
TOOLS_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -MMD -MP
TOOLS_SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
TOOLS_LIBS := -lelf -lcapstone
TOOLS_ARCHS := x86_64 i386
# Kernel sources the models run on the host: the patcher and each backend
# whose patch() builds for the host (add a backend's file here and its
# entry to host_backends[] in arch_model.c).
TOOLS_KERNEL_SRCS := pvops/patch.c arch/x86/backends/native/native.c arch/x86/backends/xen/patch.c \
	arch/x86/backends/lguest/backend.c
# As the kernel builds these sources (a paravirt kernel, its warning set).
TOOLS_KERNEL_FLAGS := -Iinclude -DCONFIG_PARAVIRT -Wno-unused-parameter
TOOLS_COMMON := kelf disasm report host_printk
TOOLS_FIXTURES := $(wildcard tests/tools/fixtures/*.S)

tools_target_define = $(if $(filter x86_64,$(1)),-DPV_TARGET_X86_64,-DPV_TARGET_I386)

# $(1): output folder, $(2): extra compiler and linker flags, $(3): target arch
define TOOLS_ARCH_MODEL
$(1)/obj/$(3)/%.o: %.c
	$(Q)mkdir -p $$(@D)
	$(quiet) "  HOSTCC  $$@"
	$(Q)$(TOOLS_CC) $(TOOLS_CFLAGS) $(2) $(TOOLS_KERNEL_FLAGS) $(call tools_target_define,$(3)) \
		-c $$< -o $$@

$(1)/obj/model-$(3).o: $(patsubst %.c,$(1)/obj/$(3)/%.o,tools/paracheck/arch_model.c $(TOOLS_KERNEL_SRCS))
	$(quiet) "  MODEL   $$@"
	$(Q)ld -r -o $$@.tmp $$^
	$(Q)objcopy --keep-global-symbol=pvt_arch_$(3) $$@.tmp $$@
	$(Q)rm -f $$@.tmp
endef

# $(1): output folder, $(2): extra compiler and linker flags
define TOOLS_FLAVOUR
$(1)/obj/%.o: tools/paracheck/%.c
	$(Q)mkdir -p $$(@D)
	$(quiet) "  HOSTCC  $$@"
	$(Q)$(TOOLS_CC) $(TOOLS_CFLAGS) $(2) -c $$< -o $$@

$(1)/obj/pvscan.o: tools/pvscan/pvscan.c
	$(Q)mkdir -p $$(@D)
	$(quiet) "  HOSTCC  $$@"
	$(Q)$(TOOLS_CC) $(TOOLS_CFLAGS) $(2) -Itools/paracheck -c $$< -o $$@

$(foreach a,$(TOOLS_ARCHS),$(eval $(call TOOLS_ARCH_MODEL,$(1),$(2),$(a))))

$(1)/paracheck $(1)/pvscan: $(1)/%: $(1)/obj/%.o $(TOOLS_COMMON:%=$(1)/obj/%.o) \
		$(TOOLS_ARCHS:%=$(1)/obj/model-%.o)
	$(quiet) "  HOSTLD  $$@"
	$(Q)$(TOOLS_CC) $(2) -o $$@ $$^ $(TOOLS_LIBS)
endef

$(eval $(call TOOLS_FLAVOUR,$(TOOLS_DIR),))
$(eval $(call TOOLS_FLAVOUR,$(TOOLS_DIR)/san,$(TOOLS_SAN_FLAGS)))

# Fixtures: x86_64 unless the name ends in _32. They use the kernel's own
# site macros (<asm/paravirt.h>) where they stand for annotated code.
TOOLS_FIXTURE_OBJS := $(patsubst tests/tools/fixtures/%.S,$(TOOLS_DIR)/fixtures/%.o,$(TOOLS_FIXTURES))

$(TOOLS_DIR)/fixtures/%.o: tests/tools/fixtures/%.S
	$(Q)mkdir -p $(@D)
	$(quiet) "  AS      $@"
	$(Q)$(TOOLS_CC) -D__ASSEMBLY__ -Iinclude -MMD -MP \
		$(if $(filter %_32,$*),-m32,-m64) -c $< -o $@

.PHONY: tools
tools: deps $(TOOLS_DIR)/paracheck $(TOOLS_DIR)/pvscan $(TOOLS_DIR)/san/paracheck \
	$(TOOLS_DIR)/san/pvscan $(TOOLS_FIXTURE_OBJS)

# make test runs the tool tests (tests/matrix.py, kind "tool"): build them first.
test: tools

-include $(shell find $(TOOLS_DIR) -name '*.d' 2>/dev/null)
