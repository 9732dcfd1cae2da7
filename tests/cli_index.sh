#!/bin/sh
# cli_index.sh -- "gatehouse search", "queue" and "reindex" from the
# outside: output, filters, JSON validity, exit codes, the index file's
# place and mode, and the notice when a damaged index is rebuilt.  Prints
# TAP (tests/tap.sh).
#
# Environment: GH_BIN (the built binary), GH_SRCDIR (the source tree).
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
command -v git >/dev/null 2>&1 || tap_skip_all "git not found"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/gh-index.XXXXXX") || tap_skip_all "mktemp failed"
trap 'rm -rf "$tmp"' EXIT HUP INT TERM

LC_ALL=C
LANGUAGE=
GATEHOUSE_TODAY=2026-11-21
XDG_CACHE_HOME=$tmp/cache
export LC_ALL LANGUAGE GATEHOUSE_TODAY XDG_CACHE_HOME
unset GATEHOUSE_REPO COLUMNS

ZOE='Zoë Lambert <zoe.lambert@northwind.example>'
JUERGEN='Jürgen Weiß <juergen.weiss@northwind.example>'

json_ok() {
	command -v python3 >/dev/null 2>&1 || return 0
	printf '%s\n' "$1" | python3 -m json.tool >/dev/null 2>&1
}

# json_count JSON: the length of the top-level array
json_count() {
	printf '%s\n' "$1" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'
}

lines() {
	printf '%s\n' "$1" | grep -c "$2"
}

cp -R "$GH_SRCDIR/data/demo" "$GH_SRCDIR/data/demo-restricted" "$tmp/" || tap_skip_all "cannot copy the demo"
repo=$tmp/demo
(cd "$repo" && git init -q -b main && git add -A &&
    git -c user.name=T -c user.email=t@example.com -c commit.gpgsign=false commit -qm init) ||
    tap_skip_all "cannot make a git repository"
G() { "$GH_BIN" "$@"; }

# ---- queue ------------------------------------------------------------------

run G queue -C "$repo"
tap_is "queue: exit 0" "$rc" 0
tap_is "queue: nothing on stderr" "$err" ""
tap_like "queue: header" "$out" "PACKET"
tap_is "queue: five packets" "$(lines "$out" '^CHG-')" 5
tap_is "queue: deadline order" "$(printf '%s\n' "$out" | sed -n 2p | cut -d' ' -f1)" CHG-2026-0412

db=$(ls "$XDG_CACHE_HOME"/gatehouse/*.sqlite 2>/dev/null | head -n 1)
tap_check "index file under XDG_CACHE_HOME/gatehouse" test -f "$db"
tap_is "index file mode 0600" "$(stat -c %a "$db" 2>/dev/null)" 600
tap_is "index directory mode 0700" "$(stat -c %a "$XDG_CACHE_HOME/gatehouse" 2>/dev/null)" 700

run G queue -C "$repo" --format json
tap_is "queue json: exit 0" "$rc" 0
tap_check "queue json: valid JSON" json_ok "$out"
tap_is "queue json: five objects" "$(json_count "$out")" 5
tap_like "queue json: verdict key" "$out" '"verdict": "ESCALATE"'

run G queue -C "$repo" --tier 0 --sort id
tap_is "queue --tier 0: two packets" "$(lines "$out" '^CHG-')" 2
tap_like "queue --tier 0: 0412" "$out" CHG-2026-0412
tap_like "queue --tier 0: 0431" "$out" CHG-2026-0431

run G queue -C "$repo" --due-before 2026-12-03 --format json
tap_is "queue --due-before: two packets" "$(json_count "$out")" 2

run G queue -C "$repo" --verdict escalate --sort verdict
tap_is "queue --verdict escalate" "$(lines "$out" '^CHG-')" 2

run G queue -C "$repo" --stale
tap_is "queue --stale: exit 0" "$rc" 0
tap_like "queue --stale: says none match" "$out" "No packets match"

run G queue -C "$repo" --state decided --format json
tap_is "queue json with no rows is []" "$out" "[]"

GATEHOUSE_AUTHOR=$ZOE run G queue -C "$repo" --mine
tap_is "queue --mine before signing: five" "$(lines "$out" '^CHG-')" 5

# ---- after recording: incremental update -------------------------------------

GATEHOUSE_AUTHOR=$ZOE "$GH_BIN" signoff -C "$repo" CHG-2026-0412 concur >/dev/null 2>&1
GATEHOUSE_AUTHOR=$JUERGEN "$GH_BIN" comment -C "$repo" -m "Bitte die Größe der Übergänge prüfen." CHG-2026-0412 >/dev/null 2>&1

GATEHOUSE_AUTHOR=$ZOE run G queue -C "$repo" --mine --sort id
tap_is "queue --mine: exit 0" "$rc" 0
tap_is "queue --mine after signing: four" "$(lines "$out" '^CHG-')" 4
tap_unlike "queue --mine: 0412 is signed" "$out" CHG-2026-0412

run G queue -C "$repo" --format json --tier 0 --sort id
tap_like "queue json: the sign-off counted" "$out" '"signoffs": 1'
tap_like "queue json: the comment counted" "$out" '"comments": 1'

GATEHOUSE_AUTHOR= run env -u GATEHOUSE_AUTHOR HOME="$tmp" GIT_CONFIG_NOSYSTEM=1 "$GH_BIN" queue -C "$repo" --mine
tap_is "queue --mine without an identity: exit 2" "$rc" 2

# ---- search -------------------------------------------------------------------

run G search -C "$repo" Übergänge
tap_is "search: exit 0" "$rc" 0
tap_like "search: finds the comment" "$out" "CHG-2026-0412  comment"
tap_like "search: highlights the word" "$out" "[Übergänge]"

run G search -C "$repo" ubergange
tap_like "search: without diacritics" "$out" "Übergänge"

run G search -C "$repo" --format json rollback
tap_is "search json: exit 0" "$rc" 0
tap_check "search json: valid JSON" json_ok "$out"
tap_like "search json: snippet key" "$out" '"snippet"'

run G search -C "$repo" --limit 1 --format json rollback
tap_is "search --limit 1" "$(json_count "$out")" 1

run G search -C "$repo" CHG-2026-0431
tap_is "search: an id is searched as words" "$rc" 0
tap_like "search: finds the request" "$out" "CHG-2026-0431  request"

run G search -C "$repo" nosuchwordanywhere
tap_is "search without hits: exit 1" "$rc" 1
tap_is "search without hits: no output" "$out" ""

run G search -C "$repo" --format json nosuchwordanywhere
tap_is "search json without hits is []" "$out" "[]"

# the companion's restricted text never reaches the index
run G search -C "$repo" INC-88213
tap_is "search: restricted content is not indexed" "$rc" 1

# ---- usage errors --------------------------------------------------------------

run G search -C "$repo"
tap_is "search without QUERY: exit 2" "$rc" 2
run G search -C "$repo" --format xml word
tap_is "search --format xml: exit 2" "$rc" 2
run G queue -C "$repo" --sort size
tap_is "queue --sort size: exit 2" "$rc" 2
tap_like "queue --sort size: says why" "$err" "--sort"
run G queue -C "$repo" --due-before 2026-13-01
tap_is "queue bad date: exit 2" "$rc" 2
run G queue -C "$repo" --tier x
tap_is "queue --tier x: exit 2" "$rc" 2
run G queue -C "$repo" --verdict maybe
tap_is "queue --verdict maybe: exit 2" "$rc" 2
run G queue -C "$repo" --bogus
tap_is "queue unknown option: exit 2" "$rc" 2
run G queue -C "$repo" extra
tap_is "queue operand: exit 2" "$rc" 2
run G queue -C "$tmp/nonexistent"
tap_is "queue outside a repository: exit 2" "$rc" 2
run G reindex -C "$repo" extra
tap_is "reindex operand: exit 2" "$rc" 2

run G help queue
tap_is "help queue: exit 0" "$rc" 0
tap_like "help queue: synopsis" "$out" "--mine"
run G queue --help
tap_like "queue --help" "$out" "--due-before"
run G search --help
tap_like "search --help" "$out" "QUERY"
run G reindex --help
tap_like "reindex --help" "$out" "XDG_CACHE_HOME"

# ---- reindex and repair ---------------------------------------------------------

run G reindex -C "$repo"
tap_is "reindex: exit 0" "$rc" 0
tap_like "reindex: says what it did" "$out" "5 packets, 2 review records"
tap_is "reindex: mode still 0600" "$(stat -c %a "$db" 2>/dev/null)" 600

rm -f "$db-wal" "$db-shm"
printf 'garbage, not a database at all\n' >"$db"
run G queue -C "$repo"
tap_is "damaged index: exit 0" "$rc" 0
tap_like "damaged index: a notice" "$err" "rebuilt it from git"
tap_is "damaged index: one line" "$(printf '%s\n' "$err" | wc -l | tr -d ' ')" 1
tap_is "damaged index: five packets again" "$(lines "$out" '^CHG-')" 5

run G queue -C "$repo"
tap_is "after the repair: no notice" "$err" ""

tap_done
