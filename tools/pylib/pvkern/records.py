"""The .parainstructions records of a kernel image, decoded with the layout
the kernel's C headers give (struct paravirt_patch_site, through
pvkern.constants): a site address relative to the record's own first
field, the op type, the site length and the clobber mask.

  records(elf)            [Record] of an Elf
  set_record(elf, k, ...) changes fields of record k in place (tool tests)
"""
from dataclasses import dataclass

from pvkern import constants

SECTION = ".parainstructions"
FIELDS = ("INSTR_OFFSET", "TYPE", "LEN", "CLOBBERS")
_C = constants.for_arch("x86_64")  # the record layout is the same for both targets
SIZE = _C.PV_SITE_SIZE


def _layout(name):
    return (getattr(_C, f"PV_SITE_{name}_OFFSET"), getattr(_C, f"PV_SITE_{name}_SIZE"),
            bool(getattr(_C, f"PV_SITE_{name}_SIGNED")))


LAYOUT = {name: _layout(name) for name in FIELDS}


@dataclass
class Record:
    index: int
    addr: int          # the record's own address
    file_offset: int
    rel: int           # site address - addr
    type: int
    len: int
    clobbers: int
    site: int          # the site's address

    @property
    def op(self):
        return constants.OP_NAMES.get(self.type, "?")


def _get(buf, off, name):
    o, n, signed = LAYOUT[name]
    return int.from_bytes(buf[off + o:off + o + n], "little", signed=signed)


def _put(buf, off, name, value):
    o, n, signed = LAYOUT[name]
    if not signed:
        value &= (1 << (8 * n)) - 1
    buf[off + o:off + o + n] = value.to_bytes(n, "little", signed=signed)


def record(elf, k):
    sec = elf.by_name(SECTION)
    off = sec.offset + SIZE * k
    addr = sec.addr + SIZE * k
    rel = _get(elf.data, off, "INSTR_OFFSET")
    mask = (1 << 64) - 1 if elf.is64 else (1 << 32) - 1
    return Record(k, addr, off, rel, _get(elf.data, off, "TYPE"), _get(elf.data, off, "LEN"),
                  _get(elf.data, off, "CLOBBERS"), (addr + rel) & mask)


def records(elf):
    """Every whole record of the section; [] when there is none."""
    try:
        sec = elf.by_name(SECTION)
    except KeyError:
        return []
    return [record(elf, k) for k in range(sec.size // SIZE)]


def set_record(elf, k, rel=None, type=None, len=None, clobbers=None):
    off = record(elf, k).file_offset
    for name, value in (("INSTR_OFFSET", rel), ("TYPE", type), ("LEN", len), ("CLOBBERS", clobbers)):
        if value is not None:
            _put(elf.data, off, name, value)
