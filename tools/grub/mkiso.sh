#!/usr/bin/env bash
# Builds a hybrid ISO that boots pvkern with GRUB's multiboot2 loader, by
# BIOS and by UEFI.
#
#   tools/grub/mkiso.sh KERNEL OUTPUT.iso ARCH DEFAULT TIMEOUT
#
# DEFAULT is the grub.cfg default entry (a number from 0 or an entry id, see
# tools/grub/grub.cfg.in), TIMEOUT the menu timeout in seconds. The image
# holds GRUB's i386-pc (BIOS), x86_64-efi and i386-efi (UEFI on 64-bit and
# on 32-bit firmware) platforms: each loads either kernel, as GRUB's
# multiboot2 enters a 32-bit kernel from 64-bit UEFI too. grub-mkrescue
# takes every GRUB platform installed (its -d names one platform only), so
# the image is checked for the three boot images afterwards.
set -euo pipefail

if (($# != 5)); then
	echo "usage: $0 KERNEL OUTPUT.iso ARCH DEFAULT TIMEOUT" >&2
	exit 2
fi
kernel=$1 out=$2 arch=$3 default=$4 timeout=$5
here=$(dirname "$0")
grub_lib=/usr/lib/grub
platforms="i386-pc:grub-pc-bin x86_64-efi:grub-efi-amd64-bin i386-efi:grub-efi-ia32-bin"

# A default GRUB does not know would silently boot entry 0: refuse it here.
ids=$(sed -n 's/^menuentry .* --id \([a-z0-9-]*\) {$/\1/p' "$here/grub.cfg.in")
count=$(grep -c '^menuentry ' "$here/grub.cfg.in")
if ! { [[ $default =~ ^[0-9]+$ ]] && ((default < count)); } && ! grep -qx -- "$default" <<<"$ids"; then
	echo "mkiso: unknown GRUB default '$default': use 0..$((count - 1)) or one of:" $ids >&2
	exit 2
fi
[[ $timeout =~ ^[0-9]+$ ]] || { echo "mkiso: timeout '$timeout' is not a number of seconds" >&2; exit 2; }
for p in $platforms; do
	dir=$grub_lib/${p%%:*}
	[[ -e $dir/multiboot2.mod ]] || { echo "mkiso: $dir/multiboot2.mod missing (apt-get install ${p#*:})" >&2; exit 1; }
done

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
grub-mkrescue --locales= --themes= --fonts= \
	-o "$out.tmp" "$stage" >"$out.log" 2>&1 || {
	cat "$out.log" >&2
	rm -f "$out.tmp"
	exit 1
}
# Both firmwares must find a boot image, and the EFI one both EFI loaders.
boot=$(xorriso -indev "$out.tmp" -report_el_torito plain 2>/dev/null)
efi=$(xorriso -indev "$out.tmp" -osirrox on -extract /efi.img "$stage/efi.img" >/dev/null 2>&1 &&
	mdir -b -i "$stage/efi.img" ::/efi/boot 2>/dev/null)
if ! grep -q 'boot img .* BIOS ' <<<"$boot" || ! grep -q 'boot img .* UEFI ' <<<"$boot" ||
	! grep -qi 'bootx64.efi' <<<"$efi" || ! grep -qi 'bootia32.efi' <<<"$efi"; then
	echo "mkiso: $out lacks a boot image: it needs BIOS and UEFI El Torito entries" \
		"and efi/boot/bootx64.efi and bootia32.efi (xorriso -report_el_torito plain shows them)" >&2
	rm -f "$out.tmp"
	exit 1
fi
mv "$out.tmp" "$out"
