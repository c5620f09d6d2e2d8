#!/bin/sh
# Builds a Linux dom0 that runs pvkern's images as domUs with `xl`, from
# Debian's packages only: they are fetched with `apt-get download` into
# OUT/debs and unpacked with dpkg-deb, never installed on this machine.
#
#   tools/xen-domu/mkdom0.sh OUT     (make domu-dom0: OUT = build/xen-domu)
#
# Makes:
#   OUT/vmlinux-dom0         Debian's linux-image-amd64, the ELF unpacked from
#                            vmlinuz (Xen then need not decompress it: faster)
#   OUT/dom0-initrd.cpio.gz  busybox-static, xl, C xenstored, xen-init-dom0,
#                            xenconsoled and their libraries, the Xen device
#                            modules, and /init (tools/xen-domu/init)
# The domUs come in a second cpio archive appended by the harness
# (tests/domu.py): /domu/NN-NAME.cfg, one xl config each, and their kernels.
set -eu

OUT=${1:?usage: $0 OUT_DIR}
HERE=$(cd "$(dirname "$0")" && pwd)
XENVER=4.17
XENBIN=usr/lib/xen-$XENVER/bin
# The daemons and tools dom0 runs, from xen-utils-$XENVER. No console
# client (xenconsole): /init prints the logs xenconsoled writes.
XEN_PROGS="xl xenstored xen-init-dom0 xenconsoled"
# Xen device modules in load order (xenfs needs xen-privcmd); checked below
# against each module's own depends= list, since no modules.dep is shipped.
MODULES="xen-evtchn xen-gntdev xen-gntalloc xen-privcmd xenfs"
# The packages that hold those programs' libraries. libgcc-s1: glibc loads
# libgcc_s.so.1 at run time (pthread_cancel), so no NEEDED entry names it.
LIB_PKGS="libc6 libgcc-s1 liblzma5 zlib1g libuuid1 libzstd1 libyajl2 libxenmisc$XENVER
	libxenstore4 libxentoollog1 libxencall1 libxendevicemodel1 libxenevtchn1
	libxenforeignmemory1 libxengnttab1 libxenhypfs1 libxentoolcore1"

die() { echo "mkdom0: $*" >&2; exit 1; }

# linux-image-amd64 is a metapackage: take the image package it names.
KPKG=$(apt-cache depends linux-image-amd64 2>/dev/null |
	awk '/Depends: linux-image-[0-9]/ { print $2; exit }')
[ -n "$KPKG" ] || die "apt-cache knows no linux-image-amd64 (run apt-get update)"
PKGS="busybox-static xen-utils-$XENVER $KPKG $LIB_PKGS"

mkdir -p "$OUT/debs"
OUT=$(cd "$OUT" && pwd)
cd "$OUT/debs"
for p in $PKGS; do
	ls "${p}"_*.deb >/dev/null 2>&1 && continue
	echo "mkdom0: apt-get download $p"
	apt-get download -q "$p" >/dev/null || die "apt-get download $p failed"
done

# Unpack every package into one tree.
PKGROOT=$OUT/pkgroot
rm -rf "$PKGROOT"
mkdir -p "$PKGROOT"
for p in $PKGS; do
	dpkg-deb -x "$(ls "${p}"_*.deb | tail -n 1)" "$PKGROOT"
done

# The dom0 kernel: vmlinuz is a bzImage whose payload (offset and length in
# the setup header, boot protocol 2.08+) is the xz-compressed vmlinux ELF.
VMLINUZ=$(ls "$PKGROOT"/boot/vmlinuz-* | head -n 1)
u32() { od -An -tu4 -j "$2" -N 4 "$1" | tr -d ' '; }
SETUP_SECTS=$(od -An -tu1 -j $((0x1f1)) -N 1 "$VMLINUZ" | tr -d ' ')
PAYLOAD_OFF=$(( (SETUP_SECTS + 1) * 512 + $(u32 "$VMLINUZ" $((0x248))) ))
PAYLOAD_LEN=$(u32 "$VMLINUZ" $((0x24c)))
tail -c +$((PAYLOAD_OFF + 1)) "$VMLINUZ" | head -c "$PAYLOAD_LEN" |
	xz -dc --single-stream > "$OUT/vmlinux-dom0.tmp" ||
	die "cannot unpack $VMLINUZ (not an xz payload?)"
[ "$(head -c 4 "$OUT/vmlinux-dom0.tmp" | od -An -c | tr -d ' ')" = '177ELF' ] ||
	die "$VMLINUZ did not unpack to an ELF image"
mv "$OUT/vmlinux-dom0.tmp" "$OUT/vmlinux-dom0"

# The initramfs tree.
ROOT=$OUT/dom0-root
rm -rf "$ROOT"
mkdir -p "$ROOT/bin" "$ROOT/lib/modules" "$ROOT/lib64" "$ROOT/$XENBIN" "$ROOT/domu" \
	"$ROOT/proc" "$ROOT/sys" "$ROOT/dev" "$ROOT/tmp" "$ROOT/etc/xen" "$ROOT/var/lib/xen" \
	"$ROOT/var/lib/xenstored" "$ROOT/var/log/xen" "$ROOT/var/lock" "$ROOT/run/xen"
ln -s ../run "$ROOT/var/run"
cp "$PKGROOT/bin/busybox" "$ROOT/bin/"
for applet in $("$ROOT/bin/busybox" --list); do
	[ -e "$ROOT/bin/$applet" ] || ln -s busybox "$ROOT/bin/$applet"
done
ln -s bin "$ROOT/sbin"
for prog in $XEN_PROGS; do
	cp "$PKGROOT/$XENBIN/$prog" "$ROOT/$XENBIN/" || die "xen-utils-$XENVER has no $prog"
done

# Libraries: follow the NEEDED entries from the programs, through the
# unpacked packages only (this machine's own libraries play no part).
LIBDIRS="$PKGROOT/lib/x86_64-linux-gnu $PKGROOT/usr/lib/x86_64-linux-gnu"
find_lib() {
	for d in $LIBDIRS; do
		[ -e "$d/$1" ] && { echo "$d/$1"; return 0; }
	done
	return 1
}
needed() { readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'; }
copy_lib() {
	[ -e "$ROOT/lib/$1" ] && return 0
	src=$(find_lib "$1") || die "no package in LIB_PKGS holds $1 (needed by $2)"
	cp -L "$src" "$ROOT/lib/$1"
	for n in $(needed "$src"); do copy_lib "$n" "$1"; done
}
for prog in $XEN_PROGS; do
	for n in $(needed "$ROOT/$XENBIN/$prog"); do copy_lib "$n" "$prog"; done
done
copy_lib libgcc_s.so.1 "pthread_cancel in libc"
cp -L "$PKGROOT/lib64/ld-linux-x86-64.so.2" "$ROOT/lib64/"
mkdir -p "$ROOT/etc"
echo /lib > "$ROOT/etc/ld.so.conf"

# Modules, in MODULES order; each may depend only on those before it.
KMODDIR=$(ls -d "$PKGROOT"/lib/modules/*/kernel/drivers/xen)
loaded=""
for m in $MODULES; do
	ko=$(find "$KMODDIR" -name "$m.ko" | head -n 1)
	[ -n "$ko" ] || die "$KPKG has no $m.ko"
	deps=$(readelf -p .modinfo "$ko" | sed -n 's/.*depends=//p' | tr ',' ' ')
	for d in $deps; do
		case " $loaded " in *" $d "*) ;; *) die "$m needs $d, which MODULES loads later";; esac
	done
	cp "$ko" "$ROOT/lib/modules/"
	loaded="$loaded $(echo "$m" | tr '-' '_') $m"
done

install -m 0755 "$HERE/init" "$ROOT/init"
echo "$MODULES" > "$ROOT/etc/dom0-modules"
# xl reads its defaults from here and complains when it is missing.
: > "$ROOT/etc/xen/xl.conf"

(cd "$ROOT" && find . | sort | cpio -o -H newc --quiet -R 0:0) | gzip -1 > "$OUT/dom0-initrd.cpio.gz.tmp"
mv "$OUT/dom0-initrd.cpio.gz.tmp" "$OUT/dom0-initrd.cpio.gz"
echo "mkdom0: $OUT/vmlinux-dom0 ($KPKG), $OUT/dom0-initrd.cpio.gz ($(du -k "$OUT/dom0-initrd.cpio.gz" | cut -f1) KiB)"
