#!/usr/bin/env bash
# Installs the Debian packages pvkern needs, if any is missing. `make run`
# and `make test` call it first. As root it runs apt-get; otherwise it
# prints the command to run and fails.
set -euo pipefail

# package:command-or-file that proves it is installed
needs=(
	gcc:gcc
	make:make
	binutils:ld
	python3:python3
	qemu-system-x86:qemu-system-x86_64
)

missing=()
for pair in "${needs[@]}"; do
	pkg=${pair%%:*}
	probe=${pair#*:}
	if [[ $probe == /* ]]; then
		[[ -e $probe ]] || missing+=("$pkg")
	else
		command -v "$probe" >/dev/null 2>&1 || missing+=("$pkg")
	fi
done

if ((${#missing[@]} == 0)); then
	exit 0
fi

echo "deps: missing Debian packages: ${missing[*]}"
cmd=(apt-get install -y --no-install-recommends "${missing[@]}")
if [[ $(id -u) -ne 0 ]]; then
	echo "deps: run as root:  apt-get update && ${cmd[*]}" >&2
	exit 1
fi
echo "deps: installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
"${cmd[@]}"
