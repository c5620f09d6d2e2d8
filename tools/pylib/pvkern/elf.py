"""Sections, symbols and bytes of an ELF32 or ELF64 little-endian file, read
in Python (no binutils), and the few header edits the tool tests make to
corrupt a kernel on purpose.

  Elf(data) / Elf.open(path)
  elf.sections            [Section], in header order
  elf.by_name(NAME)       the Section named NAME (KeyError if none)
  elf.symbols()           {name: Symbol} of the defined symbols (.symtab)
  elf.symbol_list()       [Symbol], every one, in table order
  elf.read(addr, size)    bytes of the loaded image at a runtime address
  elf.set_size(NAME, n)   changes a section header's size field
"""
import struct
from dataclasses import dataclass

SHT_NOBITS = 8
SHT_PROGBITS = 1
SHN_UNDEF = 0
STT_SECTION, STT_FILE = 3, 4


@dataclass
class Section:
    index: int
    name: str
    type: int
    flags: int
    addr: int
    offset: int
    size: int
    link: int
    entsize: int
    header: int  # file offset of its section header


@dataclass
class Symbol:
    name: str
    value: int
    size: int
    type: int
    bind: int
    shndx: int


class Elf:
    def __init__(self, data):
        self.data = bytearray(data)
        if self.data[:4] != b"\x7fELF":
            raise ValueError("not an ELF file")
        self.is64 = self.data[4] == 2
        if self.is64:
            self.shoff, = struct.unpack_from("<Q", self.data, 0x28)
            self.shentsize, self.shnum, self.shstrndx = struct.unpack_from("<HHH", self.data, 0x3a)
        else:
            self.shoff, = struct.unpack_from("<I", self.data, 0x20)
            self.shentsize, self.shnum, self.shstrndx = struct.unpack_from("<HHH", self.data, 0x2e)
        raw = [self._header(i) for i in range(self.shnum)]
        names = raw[self.shstrndx]["offset"]
        self.sections = [Section(i, self._string(names + r.pop("name")), **r) for i, r in enumerate(raw)]
        self._by_name = {s.name: s for s in self.sections}

    @classmethod
    def open(cls, path):
        with open(path, "rb") as f:
            return cls(f.read())

    def _header(self, i):
        h = self.shoff + i * self.shentsize
        if self.is64:
            name, typ, flags, addr, off, size, link, _, _, entsize = struct.unpack_from(
                "<IIQQQQIIQQ", self.data, h)
        else:
            name, typ, flags, addr, off, size, link, _, _, entsize = struct.unpack_from(
                "<IIIIIIIIII", self.data, h)
        return dict(name=name, type=typ, flags=flags, addr=addr, offset=off, size=size, link=link,
                    entsize=entsize, header=h)

    def _string(self, off):
        end = self.data.index(b"\0", off)
        return self.data[off:end].decode("utf-8", "replace")

    def by_name(self, name):
        return self._by_name[name]

    def contents(self, name):
        s = self.by_name(name)
        return bytes(self.data[s.offset:s.offset + s.size])

    def read(self, addr, size):
        for s in self.sections:
            if s.type == SHT_PROGBITS and s.addr <= addr and addr + size <= s.addr + s.size:
                off = s.offset + addr - s.addr
                return bytes(self.data[off:off + size])
        raise ValueError(f"{addr:#x} is not in a section with contents")

    def symbols(self):
        """Defined symbols by name; of two with one name (static functions of
        different files), the later in the table."""
        return {s.name: s for s in self.symbol_list()}

    def symbol_list(self):
        """Every defined symbol in table order (section and file symbols left
        out, as nm does)."""
        tab = self.by_name(".symtab")
        strings = self.sections[tab.link].offset
        fmt, size = ("<IBBHQQ", 24) if self.is64 else ("<IIIBBH", 16)
        out = []
        for off in range(tab.offset, tab.offset + tab.size, size):
            if self.is64:
                name, info, _, shndx, value, sz = struct.unpack_from(fmt, self.data, off)
            else:
                name, value, sz, info, _, shndx = struct.unpack_from(fmt, self.data, off)
            typ, bind = info & 0xf, info >> 4
            if shndx == SHN_UNDEF or typ in (STT_SECTION, STT_FILE) or name == 0:
                continue
            out.append(Symbol(self._string(strings + name), value, sz, typ, bind, shndx))
        return out

    def set_size(self, name, size):
        h = self.by_name(name).header
        if self.is64:
            struct.pack_into("<Q", self.data, h + 0x20, size)
        else:
            struct.pack_into("<I", self.data, h + 0x14, size)
