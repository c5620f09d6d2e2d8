#!/usr/bin/env python3
"""Seed inputs for the fuzz targets, generated (not stored): from the
built kernels and tool fixtures where the target reads what they hold,
else well-formed structures written here the way loaders write them.

  tests/fuzz/seeds.py TARGET ARCH OUTDIR

A target without a function here starts from an empty corpus.
"""
import json
import re
import os
import shlex
import struct
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tests"))


def kernel(arch):
    return os.path.join(ROOT, "build", arch, "pvkern.elf")


def seed_cmdline(arch):
    """Every command line the matrix boots with, and hostile ones."""
    from matrix import CONFIGS
    lines = {c.append for c in CONFIGS}
    lines |= {
        "build/x86_64/pvkern.elf pv.nopatch timer.hz=250",
        "timer.hz=0 timer.hz=4294967296 timer.hz=18446744073709551616",
        'ktest.filter="a b"\txen.irq_ops=c pv.nopatch=1 "unclosed',
        "any=18446744073709551615 any= any",
        " ".join(["pv.dump"] * 40),
        "x" * 1100 + " timer.hz=50",
    }
    return [l.encode() for l in sorted(lines)]


MB1_BASE = 0x10000


def seed_mb1(arch):
    """An information block as QEMU's -kernel writes it: command line,
    loader name and an E820-style memory map of 20-byte entries."""
    out = []
    for cmdline, entries in ((b"/kernel pv.nopatch", 6), (b"", 1), (b"timer.hz=50", 32)):
        info = bytearray(0x400)
        cmd_at, name_at, mmap_at = 0x80, 0xc0, 0x100
        mmap = b"".join(struct.pack("<IQQI", 20, i << 20, 0x9fc00, 1 + i % 2) for i in range(entries))
        flags = (1 << 2) | (1 << 6) | (1 << 9)
        struct.pack_into("<I", info, 0, flags)
        struct.pack_into("<I", info, 16, MB1_BASE + cmd_at)
        struct.pack_into("<II", info, 44, len(mmap), MB1_BASE + mmap_at)
        struct.pack_into("<I", info, 64, MB1_BASE + name_at)
        info[cmd_at:cmd_at + len(cmdline) + 1] = cmdline + b"\0"
        info[name_at:name_at + 5] = b"qemu\0"
        info[mmap_at:mmap_at + len(mmap)] = mmap
        out.append(bytes(info[:mmap_at + len(mmap)]))
    return out


def mb2_tag(tag_type, payload):
    body = struct.pack("<II", tag_type, 8 + len(payload)) + payload
    return body + b"\0" * (-len(body) % 8)


def seed_mb2(arch):
    """Blocks as GRUB's multiboot2 loader writes them: command line, loader
    name, basic memory info, boot device, memory map, end."""
    out = []
    for cmdline, entries in ((b"pv.nopatch", 6), (b"", 0), (b"timer.hz=50 pv.backend=lguest", 40)):
        mmap = struct.pack("<II", 24, 0) + b"".join(
            struct.pack("<QQII", i << 20, 0x9fc00, 1 + i % 2, 0) for i in range(entries))
        tags = (mb2_tag(1, cmdline + b"\0") + mb2_tag(2, b"GRUB 2.06\0") +
                mb2_tag(4, struct.pack("<II", 639, 64512)) + mb2_tag(5, struct.pack("<III", 0xe0, 0, 0)) +
                mb2_tag(6, mmap) + mb2_tag(0, b""))
        out.append(struct.pack("<II", 8 + len(tags), 0) + tags)
    return out


def seed_start_info(arch):
    """start_info as Xen fills it for a dom0: magic, sizes, command line.
    cmd_line's offset follows xen.h's layout (unsigned long and xen_pfn_t
    are 8 bytes on x86_64, 4 on i386)."""
    word = 8 if arch == "x86_64" else 4
    magic = b"xen-3.0-x86_64" if arch == "x86_64" else b"xen-3.0-x86_32p"
    fields = struct.pack(f"<{'Q' if word == 8 else 'I'}{'Q' if word == 8 else 'I'}", 16384, 0x7f000)
    head = magic.ljust(32, b"\0") + fields + struct.pack("<I", 3)
    cmd_at = 128 if word == 8 else 84
    out = []
    for cmdline in (b"pv.nopatch timer.hz=50", b"", b"a" * 1024):
        si = bytearray(cmd_at + 1024 + 2 * word)
        si[:len(head)] = head
        si[cmd_at:cmd_at + len(cmdline)] = cmdline
        out.append(bytes(si))
    return out


PVH_BASE = 0x10000
XEN_START_INFO_H = "/usr/include/xen/arch-x86/hvm/start_info.h"


def xen_hvm_start_magic():
    """XEN_HVM_START_MAGIC_VALUE from Debian's libxen-dev header, the kernel's source too."""
    m = re.search(r"^#define XEN_HVM_START_MAGIC_VALUE (0x[0-9a-fA-F]+)", open(XEN_START_INFO_H).read(), re.M)
    return int(m.group(1), 16)


def seed_pvh_start_info(arch):
    """hvm_start_info as Xen writes it (the same layout on both arches):
    version 1 with a memory map and a command line, and version 0 without
    a map as Xen 4.17 gives a PVH dom0. The last 8 bytes are the target's
    XENMEM_memory_map count."""
    out, magic = [], xen_hvm_start_magic()
    for version, cmdline, entries in ((1, b"pv.nopatch", 5), (0, b"", 0), (1, b"timer.hz=50", 40)):
        mem = bytearray(0x800)
        map_at, cmd_at = 0x40, 0x600
        struct.pack_into("<IIII", mem, 0, magic, version, 0, 0)
        struct.pack_into("<QQQQI", mem, 16, 0, PVH_BASE + cmd_at, 0xfc008000,
                         PVH_BASE + map_at if entries else 0, entries)
        for i in range(entries):
            struct.pack_into("<QQII", mem, map_at + 24 * i, i << 20, 0x9fc00, 1 + i % 2, 0)
        mem[cmd_at:cmd_at + len(cmdline) + 1] = cmdline + b"\0"
        out.append(bytes(mem) + struct.pack("<II", 0, entries))
    return out


def seed_patch_record(arch):
    """Every .parainstructions record of the built kernel, with its site's
    bytes as the text (the header the harness reads: tests/fuzz/patch_record.c)."""
    tool = os.path.join(ROOT, "build", "tools", "paracheck")
    if not os.path.exists(tool) or not os.path.exists(kernel(arch)):
        return []
    rep = json.loads(subprocess.run([tool, "--json", kernel(arch)], capture_output=True,
                                    text=True).stdout)
    out = []
    for s in rep["sites"]:
        text = bytes.fromhex(s["bytes"])
        # The record sits 8 bytes before the text in the harness's buffer.
        out.append(struct.pack("<QQQiBBH", s["addr"], s["addr"], rep["pv_irq_ops"], 8,
                               s["type"], s["len"], s["clobbers"]) + text)
    return out


# Per arch: the kernel's flags for a freestanding object, and ld's emulation.
MINI_FLAGS = {
    "x86_64": (["-m64", "-mno-red-zone", "-mcmodel=small"], "elf_x86_64"),
    "i386": (["-m32", "-march=i686", "-mregparm=3"], "elf_i386"),
}
# Objects of the kernel build with pv call sites, C and assembly.
KERNEL_OBJECTS = ["kernel/timer.o", "arch/x86/kernel/entry.o", "arch/x86/backends/lguest/irqflags_ops.o"]


def mini_kernel(arch, tmp):
    """tests/fuzz/mini_kernel.c built and linked as the kernel is (its
    headers, flags and linker script), debug info left out."""
    flags, emulation = MINI_FLAGS[arch]
    build = os.path.join(ROOT, "build", arch)
    obj, elf = os.path.join(tmp, f"mini-{arch}.o"), os.path.join(tmp, f"mini-{arch}.elf")
    gcc_inc = subprocess.run(["gcc", "-print-file-name=include"], capture_output=True,
                             text=True, check=True).stdout.strip()
    subprocess.run(["gcc", "-std=gnu11", "-O2", "-ffreestanding", "-fno-pic", "-fno-pie",
                    "-fno-stack-protector", "-fno-asynchronous-unwind-tables", "-nostdinc",
                    "-isystem", gcc_inc, "-I" + os.path.join(ROOT, "include"),
                    "-I" + os.path.join(build, "include"), "-DCONFIG_PARAVIRT", *flags, "-c",
                    os.path.join(ROOT, "tests", "fuzz", "mini_kernel.c"), "-o", obj], check=True)
    subprocess.run(["ld", "-m", emulation, "-nostdlib", "-static", "-no-pie", "-z",
                    "max-page-size=0x1000", "--no-warn-rwx-segments", "-T",
                    os.path.join(build, "linker.ld"), "-o", elf, obj], check=True)
    return open(elf, "rb").read()


def stripped(path, tmp):
    out = os.path.join(tmp, "stripped")
    subprocess.run(["objcopy", "--strip-debug", path, out], check=True)
    return open(out, "rb").read()


def elf_seeds():
    """Small ELF files of every kind the tools read: a linked kernel in
    miniature per arch, objects of the kernel build (debug info stripped)
    and the tools' fixtures. The full kernels are left out: at a hundred
    KiB each, a fuzz run on them takes milliseconds."""
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for arch in ("x86_64", "i386"):
            build = os.path.join(ROOT, "build", arch)
            if not os.path.exists(os.path.join(build, "linker.ld")):
                continue
            out.append(mini_kernel(arch, tmp))
            for o in KERNEL_OBJECTS:
                path = os.path.join(build, o.format())
                if os.path.exists(path):
                    out.append(stripped(path, tmp))
    fixtures = os.path.join(ROOT, "build", "tools", "fixtures")
    for name in sorted(os.listdir(fixtures)) if os.path.isdir(fixtures) else []:
        if name.endswith(".o"):
            out.append(open(os.path.join(fixtures, name), "rb").read())
    return out


SEEDS = {
    "cmdline": seed_cmdline,
    "mb1": seed_mb1,
    "mb2": seed_mb2,
    "start_info": seed_start_info,
    "pvh_start_info": seed_pvh_start_info,
    "patch_record": seed_patch_record,
    "paracheck": lambda arch: elf_seeds(),
    "pvscan": lambda arch: elf_seeds(),
}


def write_seeds(target, arch, outdir):
    os.makedirs(outdir, exist_ok=True)
    for old in os.listdir(outdir):
        os.remove(os.path.join(outdir, old))
    seeds = SEEDS.get(target, lambda arch: [])(arch)
    for i, data in enumerate(seeds):
        with open(os.path.join(outdir, f"seed-{i:04d}"), "wb") as f:
            f.write(data)
    return len(seeds)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    print(write_seeds(*sys.argv[1:]))
