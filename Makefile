# pvkern: one kernel image per architecture, built under build/<arch>/.
#
#   make [ARCH=x86_64|i386]     build build/<arch>/pvkern.elf
#   make run [ARCH=...] [SMP=N] build and boot it under QEMU (N CPUs, default 2), self-tests on the console
#   make test                   build everything and run the whole test matrix
#   make debug [ARCH=...]       boot halted, waiting for gdb on localhost:1234
#   make PV_DEBUG=1             the debug build (build/<arch>-pvdebug/)
#   make V=1                    show every command
#   make CC=clang, CROSS_COMPILE=x86_64-linux-gnu-   another compiler or toolchain
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
SMP ?= 2

ifeq ($(ARCH),x86_64)
BITS := 64
ARCH_CFLAGS := -m64 -mno-red-zone -mcmodel=small
STACK_ALIGN := 8
LD_EMUL := elf_x86_64
QEMU := qemu-system-x86_64
else ifeq ($(ARCH),i386)
BITS := 32
ARCH_CFLAGS := -m32 -march=i586 -mregparm=3
STACK_ALIGN := 4
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

# --- clang (CC=clang): its own build folder, resource headers and flags ---
# Stack alignment in bytes (8 on x86_64, 4 on i386: the kernel keeps no
# 16-byte-aligned data on the stack) is the same request in both dialects.
ifneq ($(findstring clang,$(CC)),)
VARIANT := $(VARIANT)-clang
CC_INCLUDE = $(shell $(CC) -print-resource-dir)/include
ARCH_CFLAGS += -mstack-alignment=$(STACK_ALIGN)
else
CC_INCLUDE = $(shell $(CC) -print-file-name=include)
ARCH_CFLAGS += -mpreferred-stack-boundary=$(if $(filter 8,$(STACK_ALIGN)),3,2)
endif
# --- end clang ---

O := build/$(ARCH)$(VARIANT)
KERNEL := $(O)/pvkern.elf

# Toolchain: CC=clang, CROSS_COMPILE=x86_64-linux-gnu- and the like are
# honoured; make's built-in default "cc" is not what we want.
ifeq ($(origin CC),default)
CC := $(CROSS_COMPILE)gcc
endif
ifeq ($(origin LD),default)
LD := $(CROSS_COMPILE)ld
endif
OBJCOPY ?= $(CROSS_COMPILE)objcopy

# make V=1 shows every command; the default shows one line per target.
ifeq ($(V),1)
Q :=
quiet = @true
else
Q := @
quiet = @echo
endif

CPPFLAGS := -nostdinc -isystem $(CC_INCLUDE) -Iinclude -I$(O)/include $(DEFINES)
CFLAGS := -std=gnu11 -O2 -g -ffreestanding -fno-builtin -fno-pic -fno-pie \
	-fno-stack-protector -fno-asynchronous-unwind-tables -fno-omit-frame-pointer \
	-fno-strict-aliasing -mgeneral-regs-only -Wall -Wextra -Werror \
	-Wno-unused-parameter -MMD -MP $(ARCH_CFLAGS)
ASFLAGS := -D__ASSEMBLY__ -g $(ARCH_CFLAGS) -MMD -MP
LDFLAGS := -m $(LD_EMUL) -nostdlib -static -no-pie -z max-page-size=0x1000 \
	-z noexecstack --no-warn-rwx-segments --build-id=none

# What goes into the kernel, folder by folder, in Kbuild's obj-y style:
# obj-y always, obj-$(CONFIG_...) when that option is on. A name ending in
# _$(BITS) is the architecture's own half of a 32/64-bit pair.
CONFIG_PARAVIRT := $(if $(filter 1,$(PARAVIRT)),y)
CONFIG_X86_32 := $(if $(filter 32,$(BITS)),y)
obj-y :=

# arch/x86/boot: entry from a boot loader (multiboot1, multiboot2)
obj-y += arch/x86/boot/multiboot1.o arch/x86/boot/multiboot2.o arch/x86/boot/gdt.o \
	arch/x86/boot/head_$(BITS).o arch/x86/boot/multiboot.o arch/x86/boot/multiboot1_info.o \
	arch/x86/boot/multiboot2_info.o
# arch/x86/kernel: exception and interrupt entry, IDT, traps
obj-y += arch/x86/kernel/entry.o arch/x86/kernel/idt.o arch/x86/kernel/irq.o \
	arch/x86/kernel/traps.o arch/x86/kernel/exception_nesting.o arch/x86/kernel/cpuid.o
# arch/x86/mm: the kernel's page tables, its protection, text_poke
obj-y += arch/x86/mm/pgtable.o arch/x86/mm/protect.o arch/x86/mm/protect_hvm.o \
	arch/x86/mm/text_poke.o arch/x86/mm/text_poke_bp.o
# i386 on CPUs without PAE: two-level tables
obj-$(CONFIG_X86_32) += arch/x86/mm/pgtable_2level.o
# arch/x86/platform: the machines pvkern runs on
obj-y += arch/x86/platform/bare_metal/bare_metal.o arch/x86/platform/bare_metal/serial.o \
	arch/x86/platform/bare_metal/i8259.o arch/x86/platform/bare_metal/i8253.o \
	arch/x86/platform/bare_metal/percpu.o arch/x86/platform/bare_metal/acpi_power.o \
	arch/x86/platform/bare_metal/screen.o arch/x86/platform/bare_metal/fbcon.o \
	arch/x86/platform/bare_metal/vgacon.o arch/x86/platform/bare_metal/font.o \
	arch/x86/platform/bare_metal/text_grid.o \
	arch/x86/platform/bare_metal/lapic.o arch/x86/platform/bare_metal/trampoline.o \
	arch/x86/platform/bare_metal/tick.o \
	arch/x86/platform/bare_metal/smpboot.o
obj-$(CONFIG_PARAVIRT) += arch/x86/platform/xen/notes.o arch/x86/platform/xen/head_$(BITS).o \
	arch/x86/platform/xen/hypercall_page.o arch/x86/platform/xen/entry_$(BITS).o \
	arch/x86/platform/xen/start.o arch/x86/platform/xen/start_info.o \
	arch/x86/platform/xen/platform.o \
	arch/x86/platform/xen/traps.o arch/x86/platform/xen/events.o arch/x86/platform/xen/time.o \
	arch/x86/platform/xen/percpu.o arch/x86/platform/xen/console_ring.o \
	arch/x86/platform/xen/shutdown.o arch/x86/platform/xen/acpi_poweroff.o \
	arch/x86/platform/xen/mm.o
obj-$(CONFIG_PARAVIRT) += arch/x86/platform/xen/vcpu_info.o arch/x86/platform/xen/smp.o
obj-$(CONFIG_PARAVIRT) += arch/x86/platform/xen_pvh/head.o arch/x86/platform/xen_pvh/pvh.o \
	arch/x86/platform/xen_pvh/start_info.o
# pvops: the ops table, backend choice, the patcher, PV_DEBUG trampolines
obj-$(CONFIG_PARAVIRT) += pvops/paravirt.o pvops/setup.o pvops/patch.o pvops/debug.o \
	pvops/debug_trampolines.o pvops/nops.o pvops/repatch.o
# arch/x86/backends: one folder per backend (ops, patch())
obj-$(CONFIG_PARAVIRT) += arch/x86/backends/native/native.o \
	arch/x86/backends/native/irqflags_ops.o arch/x86/backends/native/mmu.o
obj-$(CONFIG_PARAVIRT) += arch/x86/backends/lguest/backend.o arch/x86/backends/lguest/virq.o \
	arch/x86/backends/lguest/irqflags_ops.o
obj-$(CONFIG_PARAVIRT) += arch/x86/backends/xen/patch.o arch/x86/backends/xen/irq_ops.o \
	arch/x86/backends/xen/irq_ops_asm.o arch/x86/backends/xen/halt.o arch/x86/backends/xen/mmu.o
# kernel: the common boot sequence, printk, command line, timer, test runner
obj-y += kernel/main.o kernel/percpu.o kernel/smp.o kernel/smp_sync.o kernel/cmdline.o kernel/printk.o \
	kernel/vsprintf.o kernel/string.o kernel/timer.o kernel/exit.o kernel/ktest.o kernel/bench.o \
	kernel/acpi.o kernel/acpi_madt.o kernel/spinlock.o
# tests/kernel: the in-guest test suites
obj-y += tests/kernel/boot.o tests/kernel/format.o tests/kernel/inject.o tests/kernel/percpu.o \
	tests/kernel/smp.o tests/kernel/multiboot2.o tests/kernel/timer.o tests/kernel/traps.o \
	tests/kernel/acpi_tables.o tests/kernel/acpi_firmware.o tests/kernel/acpi_madt.o \
	tests/kernel/hostile_input.o tests/kernel/mm_protect.o tests/kernel/mm_stubs.o \
	tests/kernel/fault_probe.o tests/kernel/smp_tests.o tests/kernel/smp_cross.o \
	tests/kernel/smp_stress.o
obj-$(CONFIG_PARAVIRT) += tests/kernel/pv_native.o tests/kernel/pv_patcher.o \
	tests/kernel/pv_regs.o tests/kernel/pv_regs_$(BITS).o tests/kernel/pv_semantics.o \
	tests/kernel/pv_table.o tests/kernel/pv_boundary.o tests/kernel/pv_boundary_irq.o \
	tests/kernel/pv_boundary_stubs.o tests/kernel/pv_regs_slow.o tests/kernel/pv_nops.o \
	tests/kernel/smp_native.o tests/kernel/pv_halt.o \
	tests/kernel/pv_repatch.o tests/kernel/pv_switch_modes.o tests/kernel/pv_switch_stress.o \
	tests/kernel/text_poke_inside.o tests/kernel/text_poke_inside_stub.o
obj-$(CONFIG_PARAVIRT) += tests/kernel/lguest_probe.o tests/kernel/lguest_irq.o \
	tests/kernel/lguest_fast_timer.o tests/kernel/lguest_sites.o tests/kernel/lguest_regs_slow.o \
	tests/kernel/lguest_smp.o
obj-$(CONFIG_PARAVIRT) += tests/kernel/xen_platform.o tests/kernel/xen_events.o \
	tests/kernel/xen_sites.o tests/kernel/xen_regs_slow.o tests/kernel/xen_console.o \
	tests/kernel/xen_halt.o tests/kernel/xen_mm.o
obj-$(CONFIG_PARAVIRT) += tests/kernel/xen_vcpus.o
obj-$(CONFIG_PARAVIRT) += tests/kernel/xen_pvh.o tests/kernel/pvh_start_info.o

OBJS := $(addprefix $(O)/,$(obj-y))
ASM_OFFSETS := $(O)/include/generated/asm-offsets.h

.DEFAULT_GOAL := all

# Objects depend on the flags they were built with: a change of compiler,
# options or variables rewrites this file and so rebuilds everything.
BUILD_FLAGS := $(O)/.build-flags
BUILD_FLAGS_NOW := $(CC) $(CPPFLAGS) $(CFLAGS) | $(ASFLAGS) | $(LD) $(LDFLAGS)
$(BUILD_FLAGS): FORCE
	@mkdir -p $(@D)
	@echo '$(BUILD_FLAGS_NOW)' | cmp -s - $@ || echo '$(BUILD_FLAGS_NOW)' > $@

.PHONY: all run test debug clean deps host-tests FORCE
all: $(KERNEL)

$(KERNEL): $(OBJS) $(O)/linker.ld
	$(quiet) "  LD      $@"
	$(Q)$(LD) $(LDFLAGS) -T $(O)/linker.ld -o $@ $(OBJS)

$(O)/linker.ld: linker.ld Makefile $(BUILD_FLAGS)
	@mkdir -p $(@D)
	$(quiet) "  LDS     $@"
	$(Q)$(CC) $(ARCH_CFLAGS) -E -P -x c -undef $(if $(filter 64,$(BITS)),-D__x86_64__,-D__i386__) $< -o $@

$(O)/%.o: %.c $(BUILD_FLAGS) | $(ASM_OFFSETS)
	@mkdir -p $(@D)
	$(quiet) "  CC      $@"
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(O)/%.o: %.S $(BUILD_FLAGS) | $(ASM_OFFSETS)
	@mkdir -p $(@D)
	$(quiet) "  AS      $@"
	$(Q)$(CC) $(CPPFLAGS) $(ASFLAGS) -c $< -o $@

# Offsets for assembly, generated from C: compile the source to assembly
# and turn its "->SYM value" markers (see asm-offsets.c) into #defines.
# Used as a recipe: $(call gen_asm_offsets,GUARD_NAME).
define gen_asm_offsets
	@mkdir -p $(@D)
	$(quiet) "  GEN     $@"
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -MF $@.d -MT $@ -S $< -o $@.s
	$(Q)( echo '/* Generated from $<: do not edit. */'; \
	  echo '#ifndef $(1)'; echo '#define $(1)'; \
	  sed -n 's/^[[:space:]]*\.ascii[[:space:]]*"->\([A-Za-z0-9_]*\) \$$\{0,1\}\([-0-9]*\) .*/#define \1 \2/p' $@.s; \
	  echo '#endif' ) > $@.tmp
	$(Q)mv $@.tmp $@
endef

$(ASM_OFFSETS): arch/x86/kernel/asm-offsets.c $(BUILD_FLAGS)
	$(call gen_asm_offsets,GENERATED_ASM_OFFSETS_H)

-include $(OBJS:.o=.d) $(wildcard $(O)/include/generated/*.h.d)

# QEMU_FLAGS (and Xen's) come from tools/pylib/pvkern/qemu.py (tools/mk/pylib.mk).

deps:
	@tools/deps.sh

# Exit status 0 only when the kernel reported that every test passed.
run: deps
	@$(MAKE) --no-print-directory all
	@echo "booting $(KERNEL) under $(QEMU) with $(SMP) CPUs; the console follows"
	@tools/qemu-verdict.sh "make run" $(QEMU) $(QEMU_FLAGS) -smp $(SMP) -serial stdio \
		-kernel $(KERNEL) -append "ktest.cpus=$(SMP) $(QEMU_APPEND)"

debug: deps
	@$(MAKE) --no-print-directory all
	@echo "QEMU waits for gdb: gdb $(KERNEL) -ex 'target remote localhost:1234'"
	$(QEMU) $(QEMU_FLAGS) -serial stdio -S -s -kernel $(KERNEL) -append "$(QEMU_APPEND)"

HOST_CC := gcc
HOST_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -Wno-unused-parameter -Iinclude \
	-DKTEST_HOST -DCONFIG_PARAVIRT -fsanitize=address,undefined -fno-sanitize-recover=all
# The kernel's own patcher, native backend, KTAP runner and patcher suite, built for the host.
HOST_TEST_SRCS := $(wildcard tests/host/*.c) kernel/ktest.c tests/kernel/pv_patcher.c \
	tests/kernel/pv_nops.c pvops/nops.c tests/kernel/acpi_tables.c kernel/acpi.c \
	tests/kernel/acpi_madt.c kernel/acpi_madt.c \
	pvops/patch.c arch/x86/backends/native/native.c

build/host/test-patch-%: $(HOST_TEST_SRCS) $(wildcard include/*/*.h)
	@mkdir -p $(@D)
	$(quiet) "  HOSTCC  $@"
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -DPV_TARGET_$(if $(filter x86_64,$*),X86_64,I386) \
		$(HOST_TEST_SRCS) -o $@

host-tests: build/host/test-patch-x86_64 build/host/test-patch-i386

test: deps
	@$(MAKE) --no-print-directory ARCH=x86_64
	@$(MAKE) --no-print-directory ARCH=i386
	@$(MAKE) --no-print-directory ARCH=x86_64 PV_DEBUG=1
	@$(MAKE) --no-print-directory ARCH=i386 PV_DEBUG=1
	@$(MAKE) --no-print-directory ARCH=x86_64 PV_DEBUG=1 PV_WRONG_MASK_DEMO=1
	@$(MAKE) --no-print-directory ARCH=i386 PV_DEBUG=1 PV_WRONG_MASK_DEMO=1
	@$(MAKE) --no-print-directory host-tests
	@$(MAKE) --no-print-directory ARCH=x86_64 iso-matrix
	@$(MAKE) --no-print-directory ARCH=i386 iso-matrix
	@$(MAKE) --no-print-directory ARCH=x86_64 CC=clang iso GRUB_DEFAULT=lguest
	@$(MAKE) --no-print-directory ARCH=i386 CC=clang iso GRUB_DEFAULT=lguest
	@python3 tests/run_matrix.py

clean:
	rm -rf build

# Feature fragments (ISO images, Xen, host tools, benchmarks).
-include $(sort $(wildcard tools/mk/*.mk))
