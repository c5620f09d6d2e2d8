# pvkern: one kernel image per architecture, built under build/<arch>/.
#
#   make [ARCH=x86_64|i386]     build build/<arch>/pvkern.elf
#   make run [ARCH=...]         build and boot it under QEMU, self-tests on the console
#   make test                   build everything and run the whole test matrix
#   make debug [ARCH=...]       boot halted, waiting for gdb on localhost:1234
#   make PV_DEBUG=1             the debug build (build/<arch>-pvdebug/)
#
# Feature fragments in tools/mk/ add: make iso / iso-matrix / run-iso (GRUB),
# make xen-images / run-xen (Xen), make tools (paracheck, pvscan), make bench.
#
# Variants used by tests and benchmarks get their own build folder:
#   PV_DEBUG=1        unpatched calls trash every register their site may lose
#   PV_PLAIN_CALLS=1  ops use the ordinary C calling convention (no thunks)
#   PARAVIRT=0        no paravirt at all: plain cli/sti/pushf/popf
#   PV_WRONG_MASK_DEMO=1  a register probe claims a clobber mask wider than
#                     its code allows (with PV_DEBUG=1 the tests must fail)

ARCH ?= x86_64
PV_DEBUG ?= 0
PV_PLAIN_CALLS ?= 0
PV_WRONG_MASK_DEMO ?= 0
PARAVIRT ?= 1
QEMU_APPEND ?=

ifeq ($(ARCH),x86_64)
BITS := 64
ARCH_CFLAGS := -m64 -mno-red-zone -mcmodel=small -mpreferred-stack-boundary=3
LD_EMUL := elf_x86_64
QEMU := qemu-system-x86_64
else ifeq ($(ARCH),i386)
BITS := 32
ARCH_CFLAGS := -m32 -march=i686 -mregparm=3 -mpreferred-stack-boundary=2
LD_EMUL := elf_i386
QEMU := qemu-system-i386
else
$(error ARCH must be x86_64 or i386, not '$(ARCH)')
endif

VARIANT :=
DEFINES :=
ifeq ($(PARAVIRT),1)
DEFINES += -DCONFIG_PARAVIRT
else
VARIANT := $(VARIANT)-nopv
endif
ifeq ($(PV_DEBUG),1)
DEFINES += -DCONFIG_PV_DEBUG
VARIANT := $(VARIANT)-pvdebug
endif
ifeq ($(PV_WRONG_MASK_DEMO),1)
DEFINES += -DCONFIG_PV_WRONG_MASK_DEMO
VARIANT := $(VARIANT)-wrongmask
endif
ifeq ($(PV_PLAIN_CALLS),1)
DEFINES += -DCONFIG_PV_PLAIN_CALLS
VARIANT := $(VARIANT)-plaincalls
endif

O := build/$(ARCH)$(VARIANT)
KERNEL := $(O)/pvkern.elf

CC := gcc
LD := ld
GCC_INCLUDE := $(shell $(CC) -print-file-name=include)
CPPFLAGS := -nostdinc -isystem $(GCC_INCLUDE) -Iinclude -I$(O)/include $(DEFINES)
CFLAGS := -std=gnu11 -O2 -g -ffreestanding -fno-builtin -fno-pic -fno-pie \
	-fno-stack-protector -fno-asynchronous-unwind-tables -fno-omit-frame-pointer \
	-fno-strict-aliasing -mgeneral-regs-only -Wall -Wextra -Werror \
	-Wno-unused-parameter -MMD -MP $(ARCH_CFLAGS)
ASFLAGS := -D__ASSEMBLY__ -g $(ARCH_CFLAGS) -MMD -MP
LDFLAGS := -m $(LD_EMUL) -nostdlib -static -no-pie -z max-page-size=0x1000 \
	-z noexecstack --no-warn-rwx-segments --build-id=none

# Sources: everything under these folders, minus the other architecture's
# *_32 / *_64 files. Paravirt-only code goes in when PARAVIRT=1.
OTHER_BITS := $(if $(filter 64,$(BITS)),32,64)
SRC_DIRS := arch/x86/boot arch/x86/kernel kernel tests/kernel
ifeq ($(PARAVIRT),1)
# Every backend directory that exists is built in.
SRC_DIRS += pvops arch/x86/native $(wildcard arch/x86/xen arch/x86/lguest)
endif
SRCS := $(filter-out %_$(OTHER_BITS).S %_$(OTHER_BITS).c arch/x86/kernel/asm-offsets.c, \
	$(foreach d,$(SRC_DIRS),$(wildcard $(d)/*.c $(d)/*.S)))
ifneq ($(PARAVIRT),1)
# Suites about paravirt (pv_*, and each backend's own) need it built in.
SRCS := $(filter-out tests/kernel/pv_% tests/kernel/xen_% tests/kernel/lguest_%,$(SRCS))
endif
OBJS := $(patsubst %,$(O)/%.o,$(basename $(SRCS)))
ASM_OFFSETS := $(O)/include/generated/asm-offsets.h

.PHONY: all run test debug clean deps host-tests
all: $(KERNEL)

$(KERNEL): $(OBJS) $(O)/linker.ld
	@echo "  LD      $@"
	@$(LD) $(LDFLAGS) -T $(O)/linker.ld -o $@ $(OBJS)

$(O)/linker.ld: linker.ld Makefile
	@mkdir -p $(@D)
	@$(CC) $(ARCH_CFLAGS) -E -P -x c -undef $(if $(filter 64,$(BITS)),-D__x86_64__,-D__i386__) $< -o $@

$(O)/%.o: %.c | $(ASM_OFFSETS)
	@mkdir -p $(@D)
	@echo "  CC      $@"
	@$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(O)/%.o: %.S | $(ASM_OFFSETS)
	@mkdir -p $(@D)
	@echo "  AS      $@"
	@$(CC) $(CPPFLAGS) $(ASFLAGS) -c $< -o $@

# Offsets for assembly, generated from C: compile the source to assembly
# and turn its "->SYM value" markers (see asm-offsets.c) into #defines.
# Used as a recipe: $(call gen_asm_offsets,GUARD_NAME).
define gen_asm_offsets
	@mkdir -p $(@D)
	@echo "  GEN     $@"
	@$(CC) $(CPPFLAGS) $(CFLAGS) -MF $@.d -S $< -o $@.s
	@( echo '/* Generated from $<: do not edit. */'; \
	  echo '#ifndef $(1)'; echo '#define $(1)'; \
	  sed -n 's/^[[:space:]]*\.ascii "->\([A-Za-z0-9_]*\) \$$\{0,1\}\([-0-9]*\) .*/#define \1 \2/p' $@.s; \
	  echo '#endif' ) > $@.tmp
	@mv $@.tmp $@
endef

$(ASM_OFFSETS): arch/x86/kernel/asm-offsets.c include/asm/ptrace.h include/asm/paravirt_types.h
	$(call gen_asm_offsets,GENERATED_ASM_OFFSETS_H)

-include $(OBJS:.o=.d) $(wildcard $(O)/include/generated/*.h.d)

# QEMU_FLAGS (and Xen's) come from tools/pylib/pvkern/qemu.py (tools/mk/pylib.mk).

deps:
	@tools/deps.sh

# Exit status 0 only when the kernel reported that every test passed.
run: deps
	@$(MAKE) --no-print-directory all
	@echo "booting $(KERNEL) under $(QEMU); the console follows"
	@tools/qemu-verdict.sh "make run" $(QEMU) $(QEMU_FLAGS) -serial stdio -kernel $(KERNEL) \
		-append "$(QEMU_APPEND)"

debug: deps
	@$(MAKE) --no-print-directory all
	@echo "QEMU waits for gdb: gdb $(KERNEL) -ex 'target remote localhost:1234'"
	$(QEMU) $(QEMU_FLAGS) -serial stdio -S -s -kernel $(KERNEL) -append "$(QEMU_APPEND)"

HOST_CC := gcc
HOST_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -Wno-unused-parameter -Iinclude \
	-DKTEST_HOST -DCONFIG_PARAVIRT -fsanitize=address,undefined -fno-sanitize-recover=all
# The kernel's own patcher, native backend, KTAP runner and patcher suite, built for the host.
HOST_TEST_SRCS := $(wildcard tests/host/*.c) kernel/ktest.c tests/kernel/pv_patcher.c \
	pvops/patch.c arch/x86/native/native.c

build/host/test-patch-%: $(HOST_TEST_SRCS) $(wildcard include/*/*.h)
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	@$(HOST_CC) $(HOST_CFLAGS) -DPV_TARGET_$(if $(filter x86_64,$*),X86_64,I386) \
		$(HOST_TEST_SRCS) -o $@

host-tests: build/host/test-patch-x86_64 build/host/test-patch-i386

test: deps
	@$(MAKE) --no-print-directory ARCH=x86_64
	@$(MAKE) --no-print-directory ARCH=i386
	@$(MAKE) --no-print-directory ARCH=x86_64 PV_DEBUG=1
	@$(MAKE) --no-print-directory ARCH=i386 PV_DEBUG=1
	@$(MAKE) --no-print-directory ARCH=x86_64 PV_DEBUG=1 PV_WRONG_MASK_DEMO=1
	@$(MAKE) --no-print-directory host-tests
	@$(MAKE) --no-print-directory ARCH=x86_64 iso-matrix
	@$(MAKE) --no-print-directory ARCH=i386 iso-matrix
	@python3 tests/run_matrix.py

clean:
	rm -rf build

# Feature fragments (ISO images, Xen, host tools, benchmarks).
-include $(sort $(wildcard tools/mk/*.mk))
