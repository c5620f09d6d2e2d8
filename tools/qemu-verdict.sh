#!/usr/bin/env bash
# Runs a QEMU command line for `make run` and friends and turns the kernel's
# isa-debug-exit status into an exit status a shell understands: 0 only when
# the kernel reported that every self-test passed.
#
#   tools/qemu-verdict.sh NAME QEMU ARGS...
set -u
name=$1
shift
# QEMU's status for each verdict, from the exit codes in include/pvkern/kernel.h
qemu_py="$(dirname "$0")/pylib/pvkern/qemu.py"
pass=$(python3 "$qemu_py" --exit-status pass) &&
fail=$(python3 "$qemu_py" --exit-status fail) &&
crash=$(python3 "$qemu_py" --exit-status crash) || exit 1
"$@"
status=$?
case $status in
"$pass") echo "$name: all self-tests passed"; exit 0 ;;
"$fail") echo "$name: self-tests FAILED"; exit 1 ;;
"$crash") echo "$name: kernel CRASHED"; exit 1 ;;
*) echo "$name: QEMU exited with status $status: no verdict from the kernel"; exit 1 ;;
esac
