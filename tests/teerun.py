"""Run a command, pass its output through as it comes, and keep a copy: the
log checks (grub_log_check.py, xen_log_check.py) judge the whole console
after QEMU exits, while the harness still sees every line."""
import subprocess
import sys


def tee_run(argv):
    """Returns (exit status, output as text with carriage returns removed)."""
    # stdin is passed on: tests/screen_check.py ends a held run through it.
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    chunks = []
    for chunk in iter(lambda: proc.stdout.read1(4096), b""):
        chunks.append(chunk)
        sys.stdout.buffer.write(chunk)
        sys.stdout.buffer.flush()
    status = proc.wait()
    return status, b"".join(chunks).decode("utf-8", "replace").replace("\r", "")
