#!/usr/bin/env bash
# Runs a QEMU command line for `make run` and friends and turns the kernel's
# isa-debug-exit status into an exit status a shell understands: 0 only when
# the kernel reported that every self-test passed.
#
#   tools/qemu-verdict.sh NAME QEMU ARGS...
set -u
name=$1
shift
"$@"
status=$?
case $status in
33) echo "$name: all self-tests passed"; exit 0 ;;
35) echo "$name: self-tests FAILED"; exit 1 ;;
37) echo "$name: kernel CRASHED"; exit 1 ;;
*) echo "$name: QEMU exited with status $status: no verdict from the kernel"; exit 1 ;;
esac
