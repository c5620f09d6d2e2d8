#!/usr/bin/env bash
# Builds a BIOS-bootable ISO that boots pvkern with GRUB's multiboot2 loader.
#
#   tools/grub/mkiso.sh KERNEL OUTPUT.iso ARCH DEFAULT TIMEOUT
#
# DEFAULT is the grub.cfg default entry (a number from 0 or an entry id, see
# tools/grub/grub.cfg.in), TIMEOUT the menu timeout in seconds. The image
# holds only GRUB's i386-pc (BIOS) platform, whatever else is installed, so
# it boots the same under QEMU and on a PC in legacy/CSM mode.
set -euo pipefail

if (($# != 5)); then
	echo "usage: $0 KERNEL OUTPUT.iso ARCH DEFAULT TIMEOUT" >&2
	exit 2
fi
kernel=$1 out=$2 arch=$3 default=$4 timeout=$5
here=$(dirname "$0")
grub_bios=/usr/lib/grub/i386-pc

# A default GRUB does not know would silently boot entry 0: refuse it here.
ids=$(sed -n 's/^menuentry .* --id \([a-z0-9-]*\) {$/\1/p' "$here/grub.cfg.in")
count=$(grep -c '^menuentry ' "$here/grub.cfg.in")
if ! { [[ $default =~ ^[0-9]+$ ]] && ((default < count)); } && ! grep -qx -- "$default" <<<"$ids"; then
	echo "mkiso: unknown GRUB default '$default': use 0..$((count - 1)) or one of:" $ids >&2
	exit 2
fi
[[ $timeout =~ ^[0-9]+$ ]] || { echo "mkiso: timeout '$timeout' is not a number of seconds" >&2; exit 2; }
[[ -e $grub_bios/multiboot2.mod ]] || { echo "mkiso: $grub_bios/multiboot2.mod missing (apt-get install grub-pc-bin)" >&2; exit 1; }

# GRUB's own check: a multiboot2 header it will accept, 8-byte aligned,
# within the first 32 KiB of the file.
grub-file --is-x86-multiboot2 "$kernel" || { echo "mkiso: $kernel has no multiboot2 header GRUB accepts" >&2; exit 1; }

stage=$(mktemp -d "${out%.iso}.stage.XXXXXX")
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/boot/grub"
cp "$kernel" "$stage/boot/pvkern.elf"
sed -e "s/@DEFAULT@/$default/" -e "s/@TIMEOUT@/$timeout/" -e "s/@ARCH@/$arch/" \
	"$here/grub.cfg.in" >"$stage/boot/grub/grub.cfg"

# Write to a temporary name first so a failed run leaves no half-built ISO.
grub-mkrescue -d "$grub_bios" --locales= --themes= --fonts= \
	-o "$out.tmp" "$stage" >"$out.log" 2>&1 || {
	cat "$out.log" >&2
	rm -f "$out.tmp"
	exit 1
}
mv "$out.tmp" "$out"
