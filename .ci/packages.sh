#!/usr/bin/env bash
# Builds a snapshot release for this machine only (linux, its architecture),
# installs the .deb as a user would, and checks what the package promises:
# the binary's version, a man page per command, and bash completion that
# completes `act` to `activate`. Then removes the package. Run as root from
# the repository's root, with goreleaser on PATH.
set -euo pipefail

arch="$(go env GOARCH)"
cfg="$(mktemp --suffix=.yaml)"
trap 'rm -f "$cfg"' EXIT
# The real config, narrowed to this host's platform (the other channels need
# the darwin and windows archives, so they are skipped here).
sed -e 's/^    goos: \[linux, darwin, windows\]$/    goos: [linux]/' \
	-e "s/^    goarch: \[amd64, arm64\]\$/    goarch: [${arch}]/" .goreleaser.yaml >"$cfg"
grep -q '^    goos: \[linux\]$' "$cfg" || { echo "packages.sh: could not narrow goos in .goreleaser.yaml" >&2; exit 1; }

start=$(date +%s)
goreleaser release --snapshot --clean --config "$cfg" --skip=homebrew,scoop,winget
echo "snapshot for linux/${arch} built in $(($(date +%s) - start)) s"

deb="$(ls dist/cliodest_*_linux_"${arch}".deb)"
ls -l dist/*.deb dist/*.rpm dist/*.tar.gz

# Docker-style images exclude /usr/share/man from packages; a user's machine does not.
excl=/etc/dpkg/dpkg.cfg.d/excludes
if [ -f "$excl" ]; then
	mv "$excl" "$excl.cliodest-ci"
	trap 'rm -f "$cfg"; mv "$excl.cliodest-ci" "$excl"' EXIT
fi

dpkg -i "$deb"
/usr/bin/cliodest version
/usr/bin/cliodest version | grep -q 'next' || { echo "packages.sh: cliodest version does not show the snapshot's version" >&2; exit 1; }
if [ -n "$(git remote)" ]; then # without a remote GoReleaser cannot tell the commit (it stamps "none")
	/usr/bin/cliodest version | grep -q "commit: *$(git rev-parse --short=12 HEAD)" || { echo "packages.sh: cliodest version does not show the commit it was built from" >&2; exit 1; }
fi
man -w cliodest
man -w cliodest-activate
# A fresh bash with bash-completion (as on any desktop distribution) loads
# the installed file by the command's name.
complete_p="$(PATH=/usr/bin:/bin bash --norc --noprofile -c '. /usr/share/bash-completion/bash_completion; __load_completion cliodest; complete -p cliodest')"
echo "$complete_p"
grep -q 'cliodest$' <<<"$complete_p" || { echo "packages.sh: the installed completion did not register" >&2; exit 1; }
got="$(PATH=/usr/bin:/bin bash --norc --noprofile -c '
	. /usr/share/bash-completion/bash_completion; __load_completion cliodest
	COMP_WORDS=(cliodest act); COMP_CWORD=1; COMP_LINE="cliodest act"; COMP_POINT=${#COMP_LINE}
	__start_cliodest cliodest act cliodest
	printf "%s\n" "${COMPREPLY[@]}"' 2>/dev/null)"
echo "completing 'cliodest act': ${got}"
grep -qx 'activate' <<<"$got" || { echo "packages.sh: bash completion did not complete act to activate" >&2; exit 1; }
dpkg -r cliodest
[ ! -e /usr/bin/cliodest ] && [ ! -e /usr/share/man/man1/cliodest.1 ] || { echo "packages.sh: cliodest still installed after dpkg -r" >&2; exit 1; }
echo "package checks passed"
