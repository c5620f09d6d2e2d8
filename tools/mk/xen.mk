# Xen PV guest support. Included by the Makefile, so ARCH, O, CC, CPPFLAGS,
# CFLAGS and ASM_OFFSETS are set.
#
#   make xen-images     the hypervisors the Xen test configurations boot:
#                         build/xen/xen-4.17-amd64    Debian's Xen, un-gzipped (QEMU -kernel
#                                                     wants it plain), PV64 guests only
#                         build/xen/pv32/xen-pv32     Debian's Xen source rebuilt with
#                                                     CONFIG_PV32=y, for i386 PV guests
#                                                     (tools/xen-pv32.sh, about a minute)
#   make run-xen [ARCH=i386] [QEMU_APPEND=...]   boot this kernel as dom0 under the right Xen
#   make run-pvh [ARCH=i386] [QEMU_APPEND=...]   the same as a PVH dom0 (Debian's Xen)
#
# The Xen ABI comes only from Debian's libxen-dev headers. They are reached
# through a private directory that holds nothing but a `xen` link to them,
# so that `#include <xen/xen.h>` works without putting /usr/include (and
# with it glibc's headers) on the include path. The interface version must
# be given: without it xen.h falls back to the oldest hypercall numbers.

XEN_PUBLIC_HEADERS := /usr/include/xen
XEN_INC_DIR := $(O)/xen-include
XEN_INTERFACE_VERSION := 0x00040e00
CPPFLAGS += -isystem $(XEN_INC_DIR) -D__XEN_INTERFACE_VERSION__=$(XEN_INTERFACE_VERSION)

$(XEN_INC_DIR)/xen:
	$(Q)mkdir -p $(@D)
	$(Q)test -f $(XEN_PUBLIC_HEADERS)/xen.h || \
		{ echo "xen: $(XEN_PUBLIC_HEADERS)/xen.h missing: install libxen-dev (make deps)" >&2; exit 1; }
	$(Q)ln -sfn $(XEN_PUBLIC_HEADERS) $@

# Offsets into Xen's structures for the assembly ops and entry code,
# generated like the kernel's own asm-offsets.h.
XEN_ASM_OFFSETS := $(O)/include/generated/xen-asm-offsets.h
XEN_ASM_OFFSETS_SRC := arch/x86/platform/xen/xen-asm-offsets.c

$(XEN_ASM_OFFSETS): $(XEN_ASM_OFFSETS_SRC) $(XEN_PUBLIC_HEADERS)/xen.h | $(XEN_INC_DIR)/xen
	$(call gen_asm_offsets,GENERATED_XEN_ASM_OFFSETS_H)

# Every object waits for asm-offsets.h; make that wait for the Xen headers
# and offsets too.
$(ASM_OFFSETS): | $(XEN_INC_DIR)/xen $(XEN_ASM_OFFSETS)

# --- hypervisors for the tests -----------------------------------------------
XEN_DEBIAN_GZ := /boot/xen-4.17-amd64.gz
XEN_DEBIAN := build/xen/xen-4.17-amd64
XEN_PV32_DIR := build/xen/pv32
XEN_PV32 := $(XEN_PV32_DIR)/xen-pv32

$(XEN_DEBIAN): $(XEN_DEBIAN_GZ)
	$(Q)mkdir -p $(@D)
	$(quiet) "  GUNZIP  $@"
	@gzip -dc $< > $@.tmp && mv $@.tmp $@

$(XEN_DEBIAN_GZ):
	@echo "xen: $@ missing: install xen-hypervisor-4.17-amd64 (make deps)" >&2; exit 1

$(XEN_PV32):
	$(quiet) "  XEN     $@ (Debian's xen source with CONFIG_PV32=y)"
	$(Q)tools/xen-pv32.sh $(XEN_PV32_DIR)

# A PV32 hypervisor that cannot be built is not fatal here: the harness
# then reports the i386 Xen configurations as not run, and fails.
.PHONY: xen-images run-xen run-pvh
xen-images: deps $(XEN_DEBIAN)
	$(Q)$(MAKE) --no-print-directory $(XEN_PV32) || \
		echo "xen: *** NO PV32 HYPERVISOR: the i386 Xen PV configurations cannot run ***" >&2

# `make test` needs both hypervisors.
test: xen-images

XEN_FOR_ARCH := $(if $(filter i386,$(ARCH)),$(XEN_PV32),$(XEN_DEBIAN))
# XEN_QEMU_FLAGS and XEN_APPEND: tools/pylib/pvkern/qemu.py (tools/mk/pylib.mk)

run-xen: deps
	$(Q)$(MAKE) --no-print-directory all $(XEN_FOR_ARCH)
	@echo "booting $(KERNEL) as dom0 under $(XEN_FOR_ARCH); the console follows"
	$(Q)tools/qemu-verdict.sh "make run-xen" qemu-system-x86_64 $(XEN_QEMU_FLAGS) \
		-kernel $(XEN_FOR_ARCH) -initrd '$(KERNEL) $(QEMU_APPEND)' \
		-append '$(XEN_APPEND)'

# The same kernel as a PVH dom0 (q35 with an IOMMU, dom0=pvh): Debian's Xen
# for both arches.
run-pvh: deps
	$(Q)$(MAKE) --no-print-directory all $(XEN_DEBIAN)
	@echo "booting $(KERNEL) as a PVH dom0 under $(XEN_DEBIAN); the console follows"
	$(Q)tools/qemu-verdict.sh "make run-pvh" qemu-system-x86_64 $(XEN_QEMU_FLAGS) \
		$(XEN_PVH_MACHINE) -kernel $(XEN_DEBIAN) -initrd '$(KERNEL) $(QEMU_APPEND)' \
		-append '$(XEN_APPEND) $(XEN_PVH_APPEND)'
