#!/bin/sh
# tui_bench.sh -- "make bench": how fast the review workstation answers on
# a big repository.  Drives gatehouse through tmux and reads the times the
# program itself writes to $GATEHOUSE_TIMING:
#
#   load         opening and loading the repository
#   first-frame  from start to the first complete screen
#   key          from a key read to its screen painted (per keystroke)
#
# and the peak resident set of the process (VmHWM) before it quits.
#
# Two runs on the same 10,000 packets, in the same script:
#   git    a git work tree read through its SQLite index (warm: the index is
#          brought up to date first, and that update is reported on its own)
#   plain  the same packets as a plain directory, loaded whole -- the
#          reference the index is measured against
# Reports times, percentiles and ratios; never fails on a wall-clock time.
#
#   tui_bench.sh GIT_REPO [PLAIN_REPO] [CACHE_DIR]    environment: GH_BIN
set -u
here=$(dirname "$0")
: "${GH_BIN:=${GH_BUILDDIR:-.}/src/gatehouse}"
git_repo=${1:-${GH_BUILDDIR:-.}/bench-out/work-10000-100000}
plain_repo=${2:-${GH_BUILDDIR:-.}/bench-out/repo-10000}
cache=${3:-${GH_BUILDDIR:-.}/bench-out/cache}
command -v tmux >/dev/null 2>&1 || { echo "tui bench: tmux is not installed; skipped"; exit 0; }
abspath() { case $1 in /*) echo "$1" ;; *) echo "$(pwd)/$1" ;; esac; }
GH_BIN=$(abspath "$GH_BIN")
git_repo=$(abspath "$git_repo")
plain_repo=$(abspath "$plain_repo")
mkdir -p "$cache" && cache=$(cd "$cache" && pwd)

T=$(mktemp -d "${TMPDIR:-/tmp}/gh-tuibench.XXXXXX") || exit 1
S="tmux -L gh-bench-$$ -f /dev/null"
trap '$S kill-server 2>/dev/null; rm -rf "$T"' EXIT
trap 'exit 1' HUP INT TERM
mkdir -p "$T/home"

# wait (up to 10 minutes) for $3 (default 1) lines starting with $1
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

# peak resident set of the gatehouse process in the session, in MiB
peak_mib() {
	shell=$($S list-panes -t b -F '#{pane_pid}' 2>/dev/null)
	pid=$(pgrep -P "$shell" gatehouse 2>/dev/null | head -n 1)
	[ -n "$pid" ] && awk '/^VmHWM/ { printf "%.1f", $2 / 1024 }' "/proc/$pid/status" 2>/dev/null
}

# run LABEL REPO: one session, a fixed walk through queue and review
run() {
	rm -f "$T/times"
	$S new-session -d -s b -x 120 -y 40 -e LANG=C.UTF-8 -e TERM=tmux-256color \
		-e HOME="$T/home" -e XDG_CACHE_HOME="$cache" -e GATEHOUSE_TODAY=2026-11-21 \
		-e GATEHOUSE_REPO="$2" -e GATEHOUSE_TIMING="$T/times" \
		"$GH_BIN 2>$T/stderr; echo \$? >$T/status"
	wait_times first-frame || { echo "tui bench: no first frame ($1)"; cat "$T/stderr"; return 1; }
	keys j 100			# queue: move down
	keys Enter 1			# open a review session (one packet loaded, evaluated)
	keys Tab 4			# every pane
	keys j 40			# gates / precedents
	keys q 1
	keys C-f 20			# page through the queue
	echo "peak $(peak_mib)" >>"$T/times"
	keys q 1
	$S kill-server 2>/dev/null
	awk -v label="$1" -v repo="$2" '
		/^load/ { load = $2 }
		/^first-frame/ { first = $2 }
		/^peak/ { peak = $2 }
		/^key/ { k[++n] = $2 * 1000; sum += $2 * 1000 }
		END {
			for (i = 2; i <= n; i++) { v = k[i]; j = i - 1; while (j > 0 && k[j] > v) { k[j+1] = k[j]; j-- } k[j+1] = v }
			printf "workstation, %s: %s\n", label, repo
			printf "  load repository       %8.3f s\n", load
			printf "  first frame           %8.3f s  (%.3f s after the load)\n", first, first - load
			if (n) {
				p95 = int(n * 0.95)
				if (p95 < 1)
					p95 = 1
				printf "  key to painted screen %8.2f ms median, %.2f ms p95, %.2f ms max, %.2f ms mean (%d keys)\n", k[int((n + 1) / 2)], k[p95], k[n], sum / n, n
			}
			printf "  peak resident set     %8s MiB\n", peak == "" ? "?" : peak
			printf "first-frame %s %.6f\n", label, first > "/dev/stderr"
		}' "$T/times" 2>>"$T/summary"
}

if [ -d "$git_repo/.git" ] || [ -f "$git_repo/HEAD" ]; then
	start=$(date +%s.%N)
	GATEHOUSE_TODAY=2026-11-21 XDG_CACHE_HOME="$cache" HOME="$T/home" \
		"$GH_BIN" queue -C "$git_repo" >/dev/null 2>&1
	end=$(date +%s.%N)
	awk -v s="$start" -v e="$end" 'BEGIN { printf "index brought up to date before the warm run: %.3f s\n", e - s }'
	run "git repository through its index (warm)" "$git_repo"
else
	echo "tui bench: no git repository at $git_repo; skipped"
fi
if [ -d "$plain_repo/packets" ]; then
	run "plain directory, loaded whole (reference)" "$plain_repo"
fi
awk '{ f[++n] = $NF } END { if (n == 2 && f[1] > 0)
	printf "first frame, plain / indexed: %.0fx\n", f[2] / f[1] }' "$T/summary" 2>/dev/null
exit 0
