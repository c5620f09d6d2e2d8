#!/usr/bin/env bash
# Installs the Debian packages listed in tools/deps.txt that are missing.
# `make run` and `make test` call it first. As root it runs apt-get;
# otherwise it prints the command to run and fails.
set -euo pipefail

list="$(dirname "$0")/deps.txt"
missing=()
while read -r pkg probe _; do
	[[ -z $pkg || $pkg == \#* ]] && continue
	if [[ $probe == /* ]]; then
		[[ -e $probe ]] || missing+=("$pkg")
	else
		command -v "$probe" >/dev/null 2>&1 || missing+=("$pkg")
	fi
done <"$list"

((${#missing[@]} == 0)) && exit 0

cmd=(apt-get install -y --no-install-recommends "${missing[@]}")
if [[ $(id -u) -ne 0 ]]; then
	echo "deps: missing Debian packages: ${missing[*]}" >&2
	echo "deps: run as root:  apt-get update && ${cmd[*]}" >&2
	exit 1
fi
echo "deps: installing missing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
"${cmd[@]}"
