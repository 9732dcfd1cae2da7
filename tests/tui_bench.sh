#!/bin/sh
# tui_bench.sh -- "make bench": how fast the review workstation answers on
# a big repository.  Drives gatehouse through tmux on REPO (default: the
# generated 10,000-packet repository of tests/bench) and reads the times
# the program itself writes to $GATEHOUSE_TIMING:
#
#   load         opening and loading the repository
#   first-frame  from start to the first complete screen
#   key          from a key read to its screen painted (per keystroke)
#
# Reports ratios and percentiles; never fails on a wall-clock time.
#
#   tui_bench.sh [REPO]        environment: GH_BIN, GH_SRCDIR
set -u
here=$(dirname "$0")
: "${GH_SRCDIR:=$here/..}"
: "${GH_BIN:=${GH_BUILDDIR:-.}/src/gatehouse}"
repo=${1:-${GH_BUILDDIR:-.}/bench-out/repo-10000}
command -v tmux >/dev/null 2>&1 || { echo "tui bench: tmux is not installed; skipped"; exit 0; }
[ -d "$repo" ] || { echo "tui bench: no repository at $repo; skipped"; exit 0; }
case $GH_BIN in /*) ;; *) GH_BIN=$(pwd)/$GH_BIN ;; esac
case $repo in /*) ;; *) repo=$(pwd)/$repo ;; esac

T=$(mktemp -d "${TMPDIR:-/tmp}/gh-tuibench.XXXXXX") || exit 1
S="tmux -L gh-bench-$$ -f /dev/null"
trap '$S kill-server 2>/dev/null; rm -rf "$T"' EXIT
trap 'exit 1' HUP INT TERM
mkdir -p "$T/home"

$S new-session -d -s b -x 120 -y 40 -e LANG=C.UTF-8 -e TERM=tmux-256color \
	-e HOME="$T/home" -e GATEHOUSE_TODAY=2026-11-21 -e GATEHOUSE_REPO="$repo" \
	-e GATEHOUSE_TIMING="$T/times" "$GH_BIN 2>$T/stderr; echo \$? >$T/status"

# wait (up to 10 minutes) for a line starting with $1 in the times file
wait_times() {
	n=${2:-12000}
	while [ "$n" -gt 0 ]; do
		c=$(grep -c "^$1" "$T/times" 2>/dev/null)
		[ "${c:-0}" -ge "${3:-1}" ] && return 0
		sleep 0.05
		n=$((n - 1))
	done
	return 1
}

# keys K N: send key K N times, each after the previous one was painted
keys() {
	i=0
	while [ "$i" -lt "$2" ]; do
		before=$(grep -c '^key' "$T/times" 2>/dev/null)
		before=${before:-0}
		$S send-keys -t b "$1"
		wait_times key 200 $((before + 1)) || break
		i=$((i + 1))
	done
}

wait_times first-frame || { echo "tui bench: no first frame"; cat "$T/stderr"; exit 1; }
keys j 100			# queue: move down
keys Enter 1			# open a review session (one packet evaluated)
keys Tab 4			# every pane
keys j 40			# gates / precedents
keys q 1
keys C-f 20			# page through the queue
keys q 1

awk -v repo="$repo" '
	/^load/ { load = $2 }
	/^first-frame/ { first = $2 }
	/^key/ { k[++n] = $2 * 1000; sum += $2 * 1000 }
	END {
		# insertion sort: n is small
		for (i = 2; i <= n; i++) { v = k[i]; j = i - 1; while (j > 0 && k[j] > v) { k[j+1] = k[j]; j-- } k[j+1] = v }
		printf "workstation benchmark: %s\n", repo
		printf "  load repository       %8.3f s\n", load
		printf "  first frame           %8.3f s  (%.3f s after the load)\n", first, first - load
		printf "  keystrokes            %8d\n", n
		if (n) {
			p95 = int(n * 0.95)
			if (p95 < 1)
				p95 = 1
			printf "  key to painted screen %8.2f ms median, %.2f ms p95, %.2f ms max, %.2f ms mean\n", k[int((n + 1) / 2)], k[p95], k[n], sum / n
			printf "  first frame / load    %8.2f  (aim: close to 1.0; the rest is the first screen)\n", first / load
		}
	}' "$T/times"
