# pvkern as a Xen domU under `xl`. Included by the Makefile.
#
#   make domu-dom0   the Linux dom0 the domU rows boot (tests/domu.py), built
#                    from Debian's packages by tools/xen-domu/mkdom0.sh:
#                      build/xen-domu/vmlinux-dom0         linux-image-amd64, unpacked
#                      build/xen-domu/dom0-initrd.cpio.gz  busybox, xl and its daemons

DOMU_DIR := build/xen-domu
DOMU_DOM0 := $(DOMU_DIR)/dom0-initrd.cpio.gz

$(DOMU_DOM0): tools/xen-domu/mkdom0.sh tools/xen-domu/init
	$(quiet) "  DOM0    $@ (Debian's linux-image-amd64, busybox-static, xen-utils)"
	$(Q)tools/xen-domu/mkdom0.sh $(DOMU_DIR)

.PHONY: domu-dom0
domu-dom0: deps $(DOMU_DOM0)

test: domu-dom0
