#!/bin/sh
# setup.sh -- set gatehouse up on Debian 12 and run it.
#
#   ./setup.sh demo   install what is missing, build, open the demo in the workstation
#   ./setup.sh test   install what is missing, build, run the whole test suite
#
# Packages are installed only when missing; a second run just rebuilds what
# changed.  Run as root (or with sudo available) on a fresh machine.
set -eu

cd "$(dirname "$0")"
mode=${1:-demo}

PACKAGES="build-essential autoconf automake autopoint libtool gettext pkg-config
libncurses-dev libsqlite3-dev libyaml-dev libgit2-dev libcmocka-dev tmux git
man-db groff-base"

missing=""
for p in $PACKAGES; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "setup: installing:$missing"
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO=sudo
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi

if [ ! -x configure ] || [ configure.ac -nt configure ] || [ Makefile.am -nt configure ]; then
	autoreconf -fi
fi
if [ ! -f Makefile ] || [ configure -nt config.status ]; then
	./configure --enable-werror
fi
make -j"$(nproc)"

case "$mode" in
demo)
	# the workstation on a private copy of the demo; without a terminal it
	# prints the evaluation of every open packet instead
	./src/gatehouse check data/demo
	exec ./src/gatehouse --demo
	;;
test|check)
	status=0
	make -j"$(nproc)" check || status=$?
	# one closing line that any reader understands
	pass=$(cat tests/*.trs 2>/dev/null | grep -c '^:test-result: PASS' || true)
	fail=$(cat tests/*.trs 2>/dev/null | grep -Ec '^:test-result: (FAIL|ERROR|XPASS)' || true)
	skip=$(cat tests/*.trs 2>/dev/null | grep -c '^:test-result: SKIP' || true)
	[ "$status" -eq 0 ] || { cat test-suite.log 2>/dev/null | tail -n 80; }
	echo "$pass passed, $fail failed, $skip skipped"
	exit "$status"
	;;
*)
	echo "usage: ./setup.sh demo|test" >&2
	exit 2
	;;
esac
