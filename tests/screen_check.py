#!/usr/bin/env python3
"""Runs a QEMU command (directly or through another log check) whose kernel
was booted with screen.hold, takes a screenshot when the kernel holds the
screen after its verdict, lets the run end, and passes the exit status
through, but turns a passing status into 1 unless the screen shows the
verdict line the serial console printed, drawn with the console's font.

  tests/screen_check.py PASS_STATUS SCREEN QMP_SOCKET IMAGE.ppm [--png OUT.png] -- COMMAND...

SCREEN is the console the kernel must report: "framebuffer" or "vga-text".
COMMAND must give QEMU `-qmp unix:QMP_SOCKET,server=on,wait=off` and pass
its own standard input on to QEMU's `-serial stdio`: the byte that ends
the hold goes that way. The picture is compared pixel by pixel with the
line rendered on the host from the font the kernel is built with
(tools/font/psf.py); VGA text is drawn by QEMU in 9-pixel cells from the
VGA BIOS's font, which for ASCII is the same IBM VGA font.
"""
import argparse
import json
import os
import re
import socket
import struct
import subprocess
import sys
import zlib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tools", "font"))
import psf  # noqa: E402

HOLD = b"pvkern: screen held: send a byte on COM1 to end the run"
SCREEN_LINE = {"framebuffer": "screen: framebuffer ", "vga-text": "screen: VGA text "}
VERDICT = re.compile(r"^pvkern: run ended: .*$", re.M)


def qmp_screendump(path, image):
    """Asks QEMU for a screenshot in PPM format; returns None or the error."""
    try:
        with socket.socket(socket.AF_UNIX) as s:
            s.settimeout(30)
            s.connect(path)
            f = s.makefile("rwb")

            def command(name, **args):
                f.write(json.dumps({"execute": name, "arguments": args}).encode() + b"\n")
                f.flush()
                while True:
                    reply = json.loads(f.readline() or b"{}")
                    if "return" in reply or "error" in reply or not reply:
                        return reply

            json.loads(f.readline())  # the greeting
            command("qmp_capabilities")
            reply = command("screendump", filename=os.path.abspath(image))
            return None if "return" in reply else f"screendump: {reply}"
    except (OSError, ValueError) as e:
        return f"QMP at {path}: {e}"


def read_ppm(path):
    """(width, height, rgb bytes) of a binary PPM (P6, maxval 255)."""
    with open(path, "rb") as f:
        data = f.read()
    fields = data.split(maxsplit=4)
    if len(fields) < 5 or fields[0] != b"P6" or fields[3] != b"255":
        raise ValueError(f"{path} is not a P6 PPM with maxval 255")
    w, h = int(fields[1]), int(fields[2])
    pixels = fields[4][:w * h * 3]
    if len(pixels) != w * h * 3:
        raise ValueError(f"{path}: {len(pixels)} bytes of pixels, {w}x{h} needs {w * h * 3}")
    return w, h, pixels


def write_png(path, w, h, rgb):
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    raw = b"".join(b"\0" + rgb[y * w * 3:(y + 1) * w * 3] for y in range(h))
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def find_line(image, line):
    """Where (x, y, cell width) the screen shows line at the start of a text
    row, ink on black, or None. Ink is any pixel brighter than a quarter."""
    w, h, rgb = read_ppm(image)
    ink = bytes(1 if max(rgb[i:i + 3]) > 0x40 else 0 for i in range(0, len(rgb), 3))
    glyphs = psf.render(psf.load(), line)
    for cell in (psf.WIDTH, psf.WIDTH + 1):  # a framebuffer; VGA text's 9-dot cells
        want = [bytes(b for c in range(len(line)) for b in
                      [int(p) for p in row[c * psf.WIDTH:(c + 1) * psf.WIDTH]] + [0] * (cell - psf.WIDTH))
                for row in glyphs]
        if len(want[0]) > w:
            continue
        for y in range(h - psf.HEIGHT + 1):
            if all(ink[(y + r) * w:(y + r) * w + len(want[r])] == want[r] for r in range(psf.HEIGHT)):
                return 0, y, cell
    return None


def main():
    if "--" not in sys.argv:
        sys.exit(__doc__)
    split = sys.argv.index("--")
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pass_status", type=int)
    ap.add_argument("screen", choices=SCREEN_LINE)
    ap.add_argument("qmp")
    ap.add_argument("image")
    ap.add_argument("--png", help="also save the screenshot as this PNG")
    args = ap.parse_args(sys.argv[1:split])
    argv = sys.argv[split + 1:]

    for stale in (args.image, args.qmp):
        if os.path.exists(stale):
            os.unlink(stale)
    proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    chunks, tail, held, dump_error = [], b"", False, None
    for chunk in iter(lambda: proc.stdout.read1(4096), b""):
        chunks.append(chunk)
        sys.stdout.buffer.write(chunk)
        sys.stdout.buffer.flush()
        tail = (tail + chunk)[-2 * len(HOLD):]  # the serial port may come a byte at a time
        if not held and HOLD in tail:
            held = True
            dump_error = qmp_screendump(args.qmp, args.image)
            try:
                proc.stdin.write(b"\n")
                proc.stdin.close()
            except OSError:
                pass
    status = proc.wait()
    text = b"".join(chunks).decode("utf-8", "replace").replace("\r", "")
    if status != args.pass_status:
        return status

    problems = []
    verdict = VERDICT.search(text)
    if SCREEN_LINE[args.screen] not in text:
        problems.append(f"no '{SCREEN_LINE[args.screen].strip()}' line: the kernel used another screen")
    if not held:
        problems.append("the kernel never held the screen (boot option screen.hold lost?)")
    elif dump_error:
        problems.append(dump_error)
    elif not verdict:
        problems.append("no verdict line on the serial console")
    else:
        try:
            where = find_line(args.image, verdict.group(0))
            if args.png:
                write_png(args.png, *read_ppm(args.image))
        except (OSError, ValueError, psf.FontError) as e:
            problems.append(str(e))
        else:
            if not where:
                problems.append(f"the screenshot {args.image} does not show '{verdict.group(0)}'")
    if problems:
        print("\nscreen-check: FAILED: " + "; ".join(problems), flush=True)
        return 1
    print(f"\nscreen-check: the screen shows '{verdict.group(0)}' at y={where[1]} "
          f"in {where[2]}-pixel cells ({args.image})", flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
