#!/usr/bin/env bash
# tools/xen-pv32.sh OUTDIR
#
# Debian's Xen 4.17 hypervisor is built without CONFIG_PV32, so it refuses
# 32-bit PV guests ("CONFIG_PV32 missing").  This script builds the hypervisor
# from Debian's own `xen` source package with CONFIG_PV32=y and caches it:
#
#   OUTDIR/xen-pv32     the uncompressed hypervisor (xen/xen, an ELF32 image
#                       with a multiboot header: QEMU -kernel boots it)
#   OUTDIR/src/         apt-get source tree and build
#   OUTDIR/xen-pv32.config  its Kconfig
#   OUTDIR/*.log        fetch, build and boot-check logs
#
# If OUTDIR/xen-pv32 exists, nothing is done.  If the source package cannot be
# had, the script exits non-zero with "xen-pv32: cannot fetch Debian's xen
# source package: ...": the caller then reports the PV32 cells as not run.
set -euo pipefail

msg() { printf 'xen-pv32: %s\n' "$*"; }
die() { printf 'xen-pv32: %s\n' "$*" >&2; exit 1; }
nofetch() { die "cannot fetch Debian's xen source package: $*"; }

if [ $# -ne 1 ] || [ -z "$1" ]; then die "usage: $0 OUTDIR"; fi
mkdir -p "$1"
OUTDIR=$(cd "$1" && pwd)
OUT="$OUTDIR/xen-pv32"
SRCDIR="$OUTDIR/src"
DEBSRC_FILE=/etc/apt/sources.list.d/pvkern-deb-src.sources
APT_OPTS=(-y -q -o DPkg::Lock::Timeout=600 -o Dpkg::Use-Pty=0)
export DEBIAN_FRONTEND=noninteractive

if [ -s "$OUT" ]; then
    msg "cached: $OUT"
    exit 0
fi

# One build per OUTDIR at a time; a second caller waits and then gets the cache.
if command -v flock >/dev/null 2>&1; then
    exec 9>"$OUTDIR/.lock"
    flock 9
    if [ -s "$OUT" ]; then
        msg "cached: $OUT (built by a concurrent run)"
        exit 0
    fi
fi

is_root() { [ "$(id -u)" -eq 0 ]; }

# --- build tools ------------------------------------------------------------
# command -> Debian package
declare -A PKG_OF=([flex]=flex [bison]=bison [python3]=python3 [gcc]=gcc
                   [make]=make [dpkg-source]=dpkg-dev [xz]=xz-utils
                   [strings]=binutils)
missing=()
for cmd in flex bison python3 gcc make dpkg-source xz strings; do
    command -v "$cmd" >/dev/null 2>&1 || missing+=("${PKG_OF[$cmd]}")
done
if [ ${#missing[@]} -gt 0 ]; then
    if ! is_root; then
        die "missing build tools; run as root: DEBIAN_FRONTEND=noninteractive apt-get install -y ${missing[*]}"
    fi
    msg "installing build tools: ${missing[*]}"
    apt-get "${APT_OPTS[@]}" install --no-install-recommends "${missing[@]}" \
        >"$OUTDIR/apt-install.log" 2>&1 ||
        die "apt-get install ${missing[*]} failed (see $OUTDIR/apt-install.log)"
fi

# --- deb-src entry ----------------------------------------------------------
# The apt source files apt actually reads.
apt_files() {
    local f
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
             /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] && printf '%s\n' "$f"
    done
}

have_debsrc_entry() {
    local f
    while read -r f; do
        case "$f" in
        *.sources)
            # an enabled stanza whose Types: line lists deb-src
            awk '/^[[:space:]]*$/ { if (t && e) f = 1; t = 0; e = 1; next }
                 tolower($0) ~ /^types:.*[[:space:]]deb-src([[:space:]]|$)/ { t = 1 }
                 tolower($0) ~ /^enabled:[[:space:]]*no/ { e = 0 }
                 BEGIN { e = 1 }
                 END { if (t && e) f = 1; exit !f }' "$f" && return 0 ;;
        *)
            grep -Eq '^[[:space:]]*deb-src[[:space:]]' "$f" && return 0 ;;
        esac
    done < <(apt_files)
    return 1
}

# Print deb-src entries derived from the machine's own Debian "deb" entries
# (those whose suite is this release's codename or codename-*), as deb822
# stanzas.  Host names are copied from the existing entries, never written here.
derive_debsrc() {
    local codename f
    codename=$(. /etc/os-release 2>/dev/null && printf '%s' "${VERSION_CODENAME:-}")
    [ -n "$codename" ] || return 1
    while read -r f; do
        case "$f" in
        *.sources)
            awk -v cn="$codename" '
                function flush(   i, n, s, deb) {
                    if (types == "" || !enabled) { reset(); return }
                    deb = 0; n = split(types, s, /[[:space:]]+/)
                    for (i = 1; i <= n; i++) if (s[i] == "deb") deb = 1
                    ok = 0; n = split(suites, s, /[[:space:]]+/)
                    for (i = 1; i <= n; i++)
                        if (s[i] == cn || index(s[i], cn "-") == 1) ok = 1
                    if (deb && ok && uris != "") {
                        printf "Types: deb-src\nURIs: %s\nSuites: %s\n", uris, suites
                        if (comps != "") printf "Components: %s\n", comps
                        if (signed != "") printf "Signed-By: %s\n", signed
                        printf "\n"
                    }
                    reset()
                }
                function reset() { types = uris = suites = comps = signed = ""; enabled = 1 }
                function val(line) { sub(/^[^:]*:[[:space:]]*/, "", line); sub(/[[:space:]]+$/, "", line); return line }
                BEGIN { reset() }
                /^#/ { next }
                /^[[:space:]]*$/ { flush(); next }
                tolower($0) ~ /^types:/      { types  = val($0); next }
                tolower($0) ~ /^uris:/       { uris   = val($0); next }
                tolower($0) ~ /^suites:/     { suites = val($0); next }
                tolower($0) ~ /^components:/ { comps  = val($0); next }
                tolower($0) ~ /^signed-by:/  { signed = val($0); next }
                tolower($0) ~ /^enabled:[[:space:]]*no/ { enabled = 0; next }
                END { flush() }' "$f" ;;
        *)
            # one-line format: deb [opts] URI SUITE COMPONENTS...
            awk -v cn="$codename" '
                /^[[:space:]]*deb[[:space:]]/ {
                    line = $0; sub(/^[[:space:]]*deb[[:space:]]+/, "", line)
                    opts = ""
                    if (line ~ /^\[/) { opts = line; sub(/\].*/, "]", opts); sub(/^[^\]]*\][[:space:]]*/, "", line) }
                    n = split(line, w, /[[:space:]]+/)
                    if (n < 2 || !(w[2] == cn || index(w[2], cn "-") == 1)) next
                    signed = ""
                    if (match(opts, /signed-by=[^][:space:]]+/))
                        signed = substr(opts, RSTART + 10, RLENGTH - 10)
                    comps = ""; for (i = 3; i <= n; i++) comps = comps (i > 3 ? " " : "") w[i]
                    printf "Types: deb-src\nURIs: %s\nSuites: %s\n", w[1], w[2]
                    if (comps != "") printf "Components: %s\n", comps
                    if (signed != "") printf "Signed-By: %s\n", signed
                    printf "\n"
                }' "$f" ;;
        esac
    done < <(apt_files)
}

have_xen_source() { apt-cache showsrc xen 2>/dev/null | grep '^Package: xen$' >/dev/null; }

if ! have_xen_source; then
    if ! have_debsrc_entry; then
        entry=$(derive_debsrc) || true
        [ -n "$entry" ] || nofetch "no Debian 'deb' entry in /etc/apt/sources.list{,.d} to derive a deb-src entry from"
        if ! is_root; then
            printf '%s\n' "$entry" >&2
            nofetch "no deb-src entry; as root, write the stanzas above to $DEBSRC_FILE and run apt-get update"
        fi
        msg "adding deb-src entry $DEBSRC_FILE (derived from the existing Debian entries)"
        printf '# written by pvkern tools/xen-pv32.sh: deb-src twin of the Debian entries\n%s\n' \
            "$entry" >"$DEBSRC_FILE"
    fi
    is_root || nofetch "apt has no source index for xen; as root run: apt-get update"
    msg "apt-get update"
    apt-get "${APT_OPTS[@]}" update >"$OUTDIR/apt-update.log" 2>&1 ||
        nofetch "apt-get update failed (see $OUTDIR/apt-update.log)"
    have_xen_source || nofetch "apt-cache showsrc xen finds nothing after apt-get update (see $OUTDIR/apt-update.log)"
fi

# --- fetch and unpack -------------------------------------------------------
# Candidate versions: the installed hypervisor's own version first, then every
# other version apt knows, newest first.  (A mirror may index a source package
# it cannot serve, e.g. a security update: then the next version is tried.)
hv_ver=$(dpkg-query -W -f='${Version}' xen-hypervisor-4.17-amd64 2>/dev/null || true)
all_vers=$(apt-cache showsrc xen 2>/dev/null |
           awk '/^Package:/ { p = $2 } /^Version:/ && p == "xen" { print $2 }' | sort -u -rV)
versions=()
if [ -n "$hv_ver" ] && printf '%s\n' "$all_vers" | grep -Fx -- "$hv_ver" >/dev/null; then
    versions+=("$hv_ver")
fi
while read -r v; do
    [ -n "$v" ] && [ "$v" != "$hv_ver" ] && versions+=("$v")
done <<<"$all_vers"
[ ${#versions[@]} -gt 0 ] || nofetch "apt-cache showsrc xen lists no version"

find_tree() {
    local d
    [ -f "$SRCDIR/.unpacked" ] || return 1
    for d in "$SRCDIR"/xen-*/; do
        [ -f "$d/xen/Makefile" ] && { printf '%s\n' "${d%/}"; return 0; }
    done
    return 1
}

if ! TREE=$(find_tree); then
    : >"$OUTDIR/apt-source.log"
    fetched=
    for v in "${versions[@]}"; do
        rm -rf "$SRCDIR"
        mkdir -p "$SRCDIR"
        msg "fetching source package xen=$v into $SRCDIR"
        # apt-get source downloads, checks the signatures and unpacks with
        # dpkg-source, applying Debian's patches.
        if (cd "$SRCDIR" && apt-get "${APT_OPTS[@]}" source "xen=$v") \
               >>"$OUTDIR/apt-source.log" 2>&1; then
            fetched=$v
            break
        fi
        msg "xen=$v: $(grep -E '^E: ' "$OUTDIR/apt-source.log" | grep -v 'some archives' | tail -n 1 || true)"
        echo "---- xen=$v failed" >>"$OUTDIR/apt-source.log"
    done
    [ -n "$fetched" ] ||
        nofetch "apt-get source failed for every version (${versions[*]}); see $OUTDIR/apt-source.log"
    printf '%s\n' "$fetched" >"$SRCDIR/.unpacked"
    TREE=$(find_tree) || nofetch "no xen-*/xen/Makefile after apt-get source (see $OUTDIR/apt-source.log)"
fi
msg "source tree: $TREE (xen $(cat "$SRCDIR/.unpacked"))"

# --- configure and build ----------------------------------------------------
XENDIR="$TREE/xen"
# Do not let a calling make (ARCH=, -j jobserver, CFLAGS...) leak into Xen's.
unset MAKEFLAGS MFLAGS MAKEOVERRIDES MAKELEVEL CFLAGS CPPFLAGS LDFLAGS \
      EXTRA_CFLAGS ARCH CROSS_COMPILE
export XEN_TARGET_ARCH=x86_64
# Prefer Debian's python3 over a PATH shim (pyenv and the like).
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3)
XMAKE=(make -C "$XENDIR" PYTHON="$PY")
JOBS=${XEN_PV32_JOBS:-2}

start=$(date +%s)
msg "configuring: make defconfig, CONFIG_PV32=y, make olddefconfig"
{
    "${XMAKE[@]}" defconfig
    if grep -q 'CONFIG_PV32' "$XENDIR/.config"; then
        sed -i -e 's/^# CONFIG_PV32 is not set$/CONFIG_PV32=y/' \
               -e 's/^CONFIG_PV32=.*/CONFIG_PV32=y/' "$XENDIR/.config"
    else
        echo 'CONFIG_PV32=y' >>"$XENDIR/.config"
    fi
    "${XMAKE[@]}" olddefconfig
} >"$OUTDIR/build.log" 2>&1 || die "configuration failed (see $OUTDIR/build.log)"
grep -qx 'CONFIG_PV32=y' "$XENDIR/.config" ||
    die "CONFIG_PV32=y did not survive olddefconfig (see $XENDIR/.config)"
grep -qx 'CONFIG_PV=y' "$XENDIR/.config" || die "CONFIG_PV is not set in $XENDIR/.config"
msg "building the hypervisor: make -j$JOBS (log: $OUTDIR/build.log)"
"${XMAKE[@]}" -j"$JOBS" >>"$OUTDIR/build.log" 2>&1 ||
    die "build failed (see $OUTDIR/build.log): $(tail -n 3 "$OUTDIR/build.log" | tr '\n' ' ')"
end=$(date +%s)
[ -s "$XENDIR/xen" ] || die "build produced no $XENDIR/xen"
msg "built $XENDIR/xen in $((end - start)) s"

# --- checks -----------------------------------------------------------------
# PV32 is in the image: the .config says so, and only a CONFIG_PV32 build has
# the ", compat32" of dom0_build.c's " Xen  kernel: 64-bit, lsb, compat32"
# (printed once a dom0 kernel is parsed) and the "xen-%d.%d-x86_32p" cap.
cp "$XENDIR/xen" "$OUT.tmp"
cp "$XENDIR/.config" "$OUTDIR/xen-pv32.config"
if ! strings -a "$OUT.tmp" | grep -Fx ', compat32' >/dev/null ||
   ! strings -a "$OUT.tmp" | grep -F 'x86_32p' | grep -F 'xen-' >/dev/null; then
    rm -f "$OUT.tmp"
    die "built image lacks the PV32 strings (', compat32', 'xen-%d.%d-x86_32p')"
fi
msg "PV32: CONFIG_PV32=y in .config; image has the compat32 / xen-x86_32p strings"

# Boot it under QEMU without a dom0: Xen prints its banner ("Xen version ...")
# and panics "dom0 kernel not specified", then reboots and -no-reboot ends QEMU.
if command -v qemu-system-x86_64 >/dev/null 2>&1; then
    msg "boot check under QEMU (TCG, no dom0: Xen is expected to panic)"
    t0=$(date +%s)
    timeout 60 qemu-system-x86_64 -accel tcg -cpu max -m 512 -display none \
        -vga none -nic none -serial stdio -monitor none -no-reboot \
        -kernel "$OUT.tmp" -append 'console=com1 loglvl=all' \
        </dev/null >"$OUTDIR/boot-check.log" 2>&1 || true
    t1=$(date +%s)
    grep -a 'Xen version' "$OUTDIR/boot-check.log" >/dev/null ||
        { rm -f "$OUT.tmp"; die "built Xen printed no banner under QEMU (see $OUTDIR/boot-check.log)"; }
    grep -a 'dom0 kernel not specified' "$OUTDIR/boot-check.log" >/dev/null ||
        { rm -f "$OUT.tmp"; die "built Xen did not reach the expected 'dom0 kernel not specified' panic (see $OUTDIR/boot-check.log)"; }
    msg "boot check ($((t1 - t0)) s): $(grep -a -m1 -o 'Xen version [^ ]* ([^)]*)' "$OUTDIR/boot-check.log"), then 'dom0 kernel not specified' as expected"
else
    msg "warning: qemu-system-x86_64 not found, boot check skipped"
fi
mv -f "$OUT.tmp" "$OUT"
msg "done: $OUT"
