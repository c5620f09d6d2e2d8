# Bootable ISO images: GRUB (BIOS and UEFI) loads build/<arch>/pvkern.elf with its
# multiboot2 loader. Included by the Makefile, so ARCH, O and KERNEL are set.
#
#   make iso [ARCH=i386]                   build/<arch>/pvkern.iso, default entry "native"
#   make iso GRUB_DEFAULT=native-nopatch   build/<arch>/pvkern-native-nopatch.iso, the same
#                                          menu with another default entry (a number from 0
#                                          or an id: native, native-nopatch, lguest,
#                                          lguest-nopatch, native-screen, native-vgatext;
#                                          see tools/grub/grub.cfg.in)
#   make iso-matrix [ARCH=i386]            every ISO the test matrix boots
#   make run-iso [ARCH=...] [GRUB_DEFAULT=...]  boot the ISO under QEMU from -cdrom
#
# The tests reach a non-default entry by booting an ISO built with that
# entry as its default: nobody has to press a key during a test.

GRUB_DEFAULT ?= native
GRUB_TIMEOUT ?= 2
ISO_ENTRIES := native-nopatch lguest lguest-nopatch native-screen native-vgatext
ISO := $(O)/$(if $(filter native,$(GRUB_DEFAULT)),pvkern.iso,pvkern-$(GRUB_DEFAULT).iso)
ISO_DEPS := $(KERNEL) tools/grub/grub.cfg.in tools/grub/mkiso.sh

.PHONY: iso iso-matrix run-iso
iso: deps
	$(Q)$(MAKE) --no-print-directory $(ISO)

iso-matrix: deps
	$(Q)$(MAKE) --no-print-directory $(O)/pvkern.iso $(ISO_ENTRIES:%=$(O)/pvkern-%.iso)

$(O)/pvkern.iso: $(ISO_DEPS)
	$(quiet) "  ISO     $@ (default entry: native)"
	$(Q)tools/grub/mkiso.sh $(KERNEL) $@ $(ARCH) native $(GRUB_TIMEOUT)

$(O)/pvkern-%.iso: $(ISO_DEPS)
	$(quiet) "  ISO     $@ (default entry: $*)"
	$(Q)tools/grub/mkiso.sh $(KERNEL) $@ $(ARCH) $* $(GRUB_TIMEOUT)

run-iso: iso
	@echo "booting $(ISO) under $(QEMU) from -cdrom; GRUB and the console follow"
	$(Q)tools/qemu-verdict.sh "make run-iso" $(QEMU) $(QEMU_FLAGS) -serial stdio -cdrom $(ISO) -boot d
