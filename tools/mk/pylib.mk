# The constants the host scripts share with the kernel (exit codes, the
# isa-debug-exit port, op type numbers, the .parainstructions record
# layout, clobber masks), generated into Python from the C headers the way
# the asm-offsets headers are: tools/pylib/gen/pvkern_constants.c compiled
# to assembly once per target, its "->SYM value" markers turned into
#
#   build/generated/python/pvkern_constants_<arch>.py
#
# read by tools/pylib/pvkern/constants.py. Also writes
# build/generated/qemu.mk, QEMU's flags for the make targets, from
# tools/pylib/pvkern/qemu.py (the one place QEMU's command lines live).

PY_GEN_DIR := build/generated/python
PY_CONSTANTS_SRC := tools/pylib/gen/pvkern_constants.c
PY_CONSTANTS := $(PY_GEN_DIR)/pvkern_constants_x86_64.py $(PY_GEN_DIR)/pvkern_constants_i386.py
PY_CONSTANTS_DEPS := $(PY_CONSTANTS_SRC) include/pvkern/kernel.h include/asm/paravirt_types.h \
	tools/mk/pylib.mk
QEMU_MK := build/generated/qemu.mk
# The host's gcc: the numbers are the same whichever compiler builds the kernel.
PY_GEN_CC := gcc
PY_GEN_INCLUDE := $(shell $(PY_GEN_CC) -print-file-name=include)

$(PY_GEN_DIR)/pvkern_constants_%.py: $(PY_CONSTANTS_DEPS)
	@mkdir -p $(@D)
	$(quiet) "  GEN     $@"
	$(Q)$(PY_GEN_CC) -nostdinc -isystem $(PY_GEN_INCLUDE) -Iinclude -ffreestanding -O2 \
		$(if $(filter i386,$*),-m32 -DPV_TARGET_I386,-m64 -DPV_TARGET_X86_64) \
		-S $< -o $@.s
	$(Q)( echo '# Generated from $< for $*: do not edit.'; \
	  sed -n 's/^[[:space:]]*\.ascii "->\([A-Za-z0-9_]*\) \$$\{0,1\}\([-0-9]*\) .*/\1 = \2/p' $@.s ) > $@.tmp
	$(Q)rm -f $@.s
	$(Q)mv $@.tmp $@

$(QEMU_MK): $(PY_CONSTANTS) tools/pylib/pvkern/qemu.py tools/pylib/pvkern/constants.py
	@mkdir -p $(@D)
	$(Q)python3 tools/pylib/pvkern/qemu.py --make > $@.tmp
	$(Q)mv $@.tmp $@

.PHONY: pylib
pylib: $(PY_CONSTANTS)
all: $(PY_CONSTANTS)

# QEMU_FLAGS and XEN_QEMU_FLAGS for make run, run-iso, debug and run-xen.
include $(QEMU_MK)
