#!/bin/sh
# cli_evaluate.sh -- "gatehouse evaluate" from the outside: the demo
# packets' recommendations against the golden files in tests/golden/,
# exit codes, the Markdown headings, evaluating every open packet when no
# PACKET is named, and byte-identical output across runs.  Prints TAP
# (tests/tap.sh).
#
# Environment: GH_BIN (the built binary), GH_SRCDIR (the source tree).
# GH_UPDATE_GOLDEN=1 writes the current output into the golden files
# instead of comparing (see tests/golden/README).
set -u

here=$(dirname "$0")
: "${GH_SRCDIR:=$here/..}"
if [ -f "$here/tap.sh" ]; then
	. "$here/tap.sh"
else
	. "$GH_SRCDIR/tests/tap.sh"
fi
: "${GH_BIN:=${GH_BUILDDIR:-.}/src/gatehouse}"
[ -x "$GH_BIN" ] || tap_skip_all "gatehouse binary not found at $GH_BIN"
# evaluate runs inside the source tree (see ev), so make the paths absolute
case $GH_BIN in /*) ;; *) GH_BIN=$(pwd)/$GH_BIN ;; esac
GH_SRCDIR=$(cd "$GH_SRCDIR" && pwd) || tap_skip_all "no source tree at $GH_SRCDIR"
golden=$GH_SRCDIR/tests/golden
update=${GH_UPDATE_GOLDEN:-}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/gh-eval.XXXXXX") || tap_skip_all "mktemp failed"
trap 'rm -rf "$tmp"' EXIT HUP INT TERM

# Keep messages in English and the date fixed whatever the caller has.
LC_ALL=C
LANGUAGE=
export LC_ALL LANGUAGE
unset GATEHOUSE_REPO GATEHOUSE_TODAY

TODAY=2026-11-21
PACKETS="CHG-2026-0398 CHG-2026-0412 CHG-2026-0420 CHG-2026-0431 CHG-2026-0433"

# ev [ARG]...: "gatehouse evaluate --repo data/demo ARG..." run in the
# source tree, so that the file names in the output are the same on every
# machine.  Sets $rc; stdout in $tmp/out, stderr in $tmp/err.
ev() {
	(cd "$GH_SRCDIR" && exec "$GH_BIN" evaluate --repo data/demo "$@") \
	    >"$tmp/out" 2>"$tmp/err"
	rc=$?
}

# ev_in DIR [ARG]...: the same on another repository.
ev_in() {
	ev_dir=$1
	shift
	"$GH_BIN" evaluate --repo "$ev_dir" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
}

# golden NAME FILE: FILE equals tests/golden/NAME (or, with
# GH_UPDATE_GOLDEN=1, becomes it).
golden() {
	g_name=$1
	g_got=$2
	g_want=$golden/$g_name
	if [ "$update" = 1 ]; then
		if mkdir -p "$golden" && cp "$g_got" "$g_want"; then
			tap_ok "$g_name: golden file written"
		else
			tap_not_ok "$g_name: cannot write $g_want"
		fi
		return
	fi
	if [ ! -f "$g_want" ]; then
		tap_not_ok "$g_name matches its golden file"
		tap_diag "no golden file $g_want" \
		    "create it with: GH_UPDATE_GOLDEN=1 make check TESTS=tests/cli_evaluate.sh"
		return
	fi
	if diff -u "$g_want" "$g_got" >"$tmp/diff" 2>&1; then
		tap_ok "$g_name matches its golden file"
	else
		tap_not_ok "$g_name matches its golden file"
		tap_diag "$(cat "$tmp/diff")" \
		    "if the change is intended, read tests/golden/README"
	fi
}

# ok_run DESCRIPTION: the last run exited 0 with nothing on stderr.
ok_run() {
	if [ "$rc" -eq 0 ] && [ ! -s "$tmp/err" ]; then
		tap_ok "$1"
	else
		tap_not_ok "$1"
		tap_diag "exit status $rc" "stderr:" "$(cat "$tmp/err")"
	fi
}

# ---- the demo packets against their golden files ------------------------

for p in $PACKETS; do
	ev --today "$TODAY" --format json "$p"
	ok_run "evaluate $p --format json exits 0"
	cp "$tmp/out" "$tmp/$p.json"
	golden "$p.json" "$tmp/$p.json"
done

ev --today "$TODAY" CHG-2026-0412
ok_run "evaluate CHG-2026-0412 (text) exits 0"
cp "$tmp/out" "$tmp/CHG-2026-0412.txt"
golden CHG-2026-0412.txt "$tmp/CHG-2026-0412.txt"

# Seed 000's own case, whatever the golden file says: all four hard
# triggers, escalated to VP Engineering through the tier-0 row.
j=$(cat "$tmp/CHG-2026-0412.json")
tap_like "0412 escalates" "$j" '"verdict": "ESCALATE"'
tap_like "0412 goes to VP Engineering" "$j" '"authority": "vp-engineering"'
tap_like "0412 through route tier0-hard-trigger" "$j" '"route": "tier0-hard-trigger"'
for t in "Change window reaches into a hard freeze" \
    "Rollback checkpoint shorter than the policy minimum" \
    "Pre-production soak bypassed or shortened" \
    "Schema-sensitive application change combined with the engine change"; do
	tap_like "0412 hard trigger: $t" "$j" "\"$t\""
done
tap_like "0412 summary counts four hard triggers" "$j" ": 4 hard trigger(s)"
t=$(cat "$tmp/CHG-2026-0412.txt")
tap_like "0412 text: recommendation line" "$t" "Recommendation: ESCALATE to VP Engineering"

# GATEHOUSE_TODAY stands in for --today.
(cd "$GH_SRCDIR" && GATEHOUSE_TODAY=$TODAY exec "$GH_BIN" evaluate --repo data/demo \
    --format json CHG-2026-0412) >"$tmp/env.json" 2>/dev/null
tap_check "GATEHOUSE_TODAY gives the same output as --today" \
    cmp -s "$tmp/env.json" "$tmp/CHG-2026-0412.json"

# ---- exit codes -----------------------------------------------------------

ev --today "$TODAY" CHG-1999-0000
tap_is "unknown packet: exit 2" "$rc" 2
tap_like "unknown packet: says which" "$(cat "$tmp/err")" "no packet 'CHG-1999-0000'"

ev --today "$TODAY" --format json CHG-2026-0412 CHG-1999-0000
tap_is "known and unknown packet: exit 2" "$rc" 2
tap_like "known and unknown packet: the known one is still shown" "$(cat "$tmp/out")" \
    '"packet": "CHG-2026-0412"'

for bad in 2026-13-01 2026-02-30 tomorrow 21.11.2026; do
	ev --today "$bad" CHG-2026-0412
	tap_is "bad --today '$bad': exit 2" "$rc" 2
	tap_is "bad --today '$bad': nothing on stdout" "$(cat "$tmp/out")" ""
done

ev --today "$TODAY" --format yaml CHG-2026-0412
tap_is "bad --format: exit 2" "$rc" 2
tap_is "bad --format: nothing on stdout" "$(cat "$tmp/out")" ""

ev --today "$TODAY" --no-such-option CHG-2026-0412
tap_is "unknown option: exit 2" "$rc" 2

ev_in "$tmp/no-such-repo" --today "$TODAY" CHG-2026-0412
tap_is "missing repository: exit 2" "$rc" 2

# ---- Markdown ---------------------------------------------------------------

ev --today "$TODAY" --format markdown CHG-2026-0412
ok_run "evaluate --format markdown exits 0"
md=$(cat "$tmp/out")
tap_is "markdown: title heading first" "$(sed -n 1p "$tmp/out")" \
    "# CHG-2026-0412  Accelerated RDS PostgreSQL 14 to 17 upgrade for checkout and order-history before the peak freeze"
tap_like "markdown: recommendation in bold" "$md" "**Recommendation: ESCALATE to VP Engineering**"
for h in "## Policy checks (32 gates, " "## Options (ranked)" "## Approval matrix rows" \
    "## Precedents (closest first)" "## Assumptions"; do
	if grep -q "^$h" "$tmp/out"; then
		tap_ok "markdown heading: $h"
	else
		tap_not_ok "markdown heading: $h"
		tap_diag "headings found:" "$(grep '^#' "$tmp/out")"
	fi
done

# ---- every open packet when none is named -----------------------------------

# The open packets of a repository, from their request.yaml (state: open,
# or no state at all).
open_packets() {
	for r in "$1"/packets/*/request.yaml; do
		s=$(sed -n 's/^state:[ 	]*\([a-z]*\).*/\1/p' "$r")
		[ -z "$s" ] || [ "$s" = open ] || continue
		basename "$(dirname "$r")"
	done
}

want=$(open_packets "$GH_SRCDIR/data/demo" | tr '\n' ' ')
tap_is "the demo has five open packets" "$want" "$(echo $PACKETS) "

ev --today "$TODAY"
ok_run "evaluate without PACKET exits 0"
got=$(sed -n 's/^\(CHG-[0-9]*-[0-9]*\)  .*/\1/p' "$tmp/out" | tr '\n' ' ')
tap_is "without PACKET: every open packet, in order (text)" "$got" "$want"
cp "$tmp/out" "$tmp/all-1.txt"

ev --today "$TODAY" --format json
ok_run "evaluate --format json without PACKET exits 0"
tap_is "without PACKET, JSON: an array" "$(sed -n 1p "$tmp/out")" "["
got=$(sed -n 's/^  "packet": "\(.*\)",$/\1/p' "$tmp/out" | tr '\n' ' ')
tap_is "without PACKET: every open packet, in order (JSON)" "$got" "$want"
cp "$tmp/out" "$tmp/all-1.json"

# A decided or withdrawn packet is left out.
cp -R "$GH_SRCDIR/data/demo" "$tmp/repo"
chmod -R u+w "$tmp/repo"	# the source tree is read-only under distcheck
sed 's/^state: open/state: decided/' "$GH_SRCDIR/data/demo/packets/CHG-2026-0420/request.yaml" \
    >"$tmp/repo/packets/CHG-2026-0420/request.yaml"
sed 's/^state: open/state: withdrawn/' "$GH_SRCDIR/data/demo/packets/CHG-2026-0433/request.yaml" \
    >"$tmp/repo/packets/CHG-2026-0433/request.yaml"
want=$(open_packets "$tmp/repo" | tr '\n' ' ')
tap_is "the copy has three open packets" "$want" "CHG-2026-0398 CHG-2026-0412 CHG-2026-0431 "
ev_in "$tmp/repo" --today "$TODAY"
ok_run "evaluate without PACKET on the copy exits 0"
got=$(sed -n 's/^\(CHG-[0-9]*-[0-9]*\)  .*/\1/p' "$tmp/out" | tr '\n' ' ')
tap_is "without PACKET: decided and withdrawn packets are left out" "$got" "$want"
ev_in "$tmp/repo" --today "$TODAY" --format json CHG-2026-0420
tap_is "a decided packet can still be named" "$rc" 0

# ---- determinism --------------------------------------------------------------

ev --today "$TODAY"
tap_check "text of every packet is byte-identical across two runs" \
    cmp -s "$tmp/out" "$tmp/all-1.txt"
ev --today "$TODAY" --format json
tap_check "JSON of every packet is byte-identical across two runs" \
    cmp -s "$tmp/out" "$tmp/all-1.json"
ev --today "$TODAY" --format markdown CHG-2026-0412
cp "$tmp/out" "$tmp/md-1"
ev --today "$TODAY" --format markdown CHG-2026-0412
tap_check "Markdown is byte-identical across two runs" cmp -s "$tmp/out" "$tmp/md-1"
# One packet alone gives the same JSON object as in the list of all.
ev --today "$TODAY" --format json CHG-2026-0431
tr -d '\n' <"$tmp/out" >"$tmp/one"
tr -d '\n' <"$tmp/all-1.json" >"$tmp/all"
if grep -qF -- "$(cat "$tmp/one")" "$tmp/all"; then
	tap_ok "a packet's JSON is the same alone and among all"
else
	tap_not_ok "a packet's JSON is the same alone and among all"
fi

tap_done
