#!/bin/sh
# cli_check.sh -- "gatehouse check" from the outside: exit codes, that
# every problem is listed, the JSON format, --help/--version, and
# GATEHOUSE_REPO.  Prints TAP (tests/tap.sh).
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

tmp=$(mktemp -d "${TMPDIR:-/tmp}/gh-cli.XXXXXX") || tap_skip_all "mktemp failed"
trap 'rm -rf "$tmp"' EXIT HUP INT TERM

# Keep messages in English and the date fixed whatever the caller has.
LC_ALL=C
LANGUAGE=
export LC_ALL LANGUAGE
unset GATEHOUSE_REPO

# ---- a small valid repository -------------------------------------------

make_repo() {
	r=$1
	mkdir -p "$r/policy" "$r/packets/PKT-1/evidence" "$r/packets/PKT-1/reviews" \
	    "$r/precedents"
	cat >"$r/gatehouse.yaml" <<'EOF'
schema: 1
name: test repository
EOF
	cat >"$r/policy/gates.yaml" <<'EOF'
gates:
  - id: G-1
    title: Gate one
    outcome: block
    when: request.soak.planned < 72h
EOF
	cat >"$r/policy/options.yaml" <<'EOF'
weights:
  customer_impact: 1
  rollback_strength: 1
  deadline_risk: 1
  evidence_completeness: 1
options:
  - id: as-scoped
    title: As scoped
    kind: as-scoped
    score:
      customer_impact: 0.5
      rollback_strength: 0.5
      deadline_risk: 0.5
EOF
	cat >"$r/policy/authority.yaml" <<'EOF'
delegated: cab
authorities:
  - id: cab
    name: Change board
    level: 1
routes:
  - id: R-1
    when: 'true'
    authority: cab
    reason: default route
EOF
	cat >"$r/policy/calendar.yaml" <<'EOF'
freezes: []
EOF
	cat >"$r/policy/lifecycle.yaml" <<'EOF'
versions:
  - engine: postgresql
    provider: community
    version: 17
EOF
	cat >"$r/policy/roles.yaml" <<'EOF'
roles:
  - id: dba
    name: DBA
    may: [comment, signoff]
people:
  - id: alice
    name: Alice
    email: alice@example.com
    roles: [dba]
EOF
	cat >"$r/packets/PKT-1/request.yaml" <<'EOF'
id: PKT-1
title: Upgrade billing to 17
kind: major-upgrade
submitted: 2026-01-05
requester:
  name: Bob
engine:
  kind: postgresql
  current: 16
  target: 17
services:
  - name: billing
    tier: 1
strategy: blue-green
window:
  start: 2026-02-01T02:00:00Z
  end: 2026-02-01T06:00:00Z
rollback:
  mechanism: blue-green-switchback
rationale: the version goes out of support
EOF
	cat >"$r/packets/PKT-1/evidence/backup.yaml" <<'EOF'
title: Backups
type: backup
source:
  system: rds
  link: https://example.com/backups
collected_at: 2026-01-04
sensitivity: internal
data:
  status: healthy
  last_success: 2026-01-04T00:00:00Z
EOF
	cat >"$r/packets/PKT-1/reviews/20260106T100000Z-alice-a1b2.yaml" <<'EOF'
kind: comment
author:
  name: Alice
at: 2026-01-06T10:00:00Z
body: Looks fine.
EOF
	cat >"$r/precedents/PREC-1.yaml" <<'EOF'
id: PREC-1
title: Earlier upgrade
decided: 2025-06-01
service:
  name: billing
  tier: 1
engine:
  kind: postgresql
  current: 15
  target: 16
rollback: pitr
decision: support
decided_by: cab
outcome:
  result: success
EOF
}

good=$tmp/good
make_repo "$good"

# The same with three errors and two warnings in three files.
bad=$tmp/bad
make_repo "$bad"
sed -e 's/^kind: major-upgrade$/kind: major-upgarde/' \
    -e 's/^submitted: 2026-01-05$/submitted: 2026-13-01/' \
    "$good/packets/PKT-1/request.yaml" >"$bad/packets/PKT-1/request.yaml"
echo "colour: red" >>"$bad/packets/PKT-1/request.yaml"
sed -e 's/^    roles: \[dba\]$/    roles: [dba, sre]/' \
    "$good/policy/roles.yaml" >"$bad/policy/roles.yaml"
echo "notes" >"$bad/packets/PKT-1/notes.txt"

# ---- --help, --version ----------------------------------------------------

run "$GH_BIN" --help
tap_is "--help exits 0" "$rc" 0
tap_like "--help shows usage" "$out" "Usage: gatehouse"
tap_like "--help lists check" "$out" "check"
tap_like "--help mentions GATEHOUSE_REPO" "$out" "GATEHOUSE_REPO"
tap_is "--help writes nothing to stderr" "$err" ""

run "$GH_BIN" -h
tap_is "-h exits 0" "$rc" 0

run "$GH_BIN" --version
tap_is "--version exits 0" "$rc" 0
first=$(printf '%s\n' "$out" | sed -n 1p)
case $first in
"gatehouse "[0-9]*) tap_ok "--version prints 'gatehouse N.N.N' ($first)" ;;
*) tap_not_ok "--version prints 'gatehouse N.N.N'"; tap_diag "got: $first" ;;
esac

run "$GH_BIN" -V
tap_is "-V exits 0" "$rc" 0

run "$GH_BIN" check --help
tap_is "check --help exits 0" "$rc" 0
tap_like "check --help shows its usage" "$out" "Usage: gatehouse check"
tap_like "check --help documents the exit status" "$out" "2 usage error"

run "$GH_BIN" help check
tap_is "help check exits 0" "$rc" 0
tap_like "help check shows its usage" "$out" "gatehouse check"

# ---- usage errors: exit 2 ----------------------------------------------------

run "$GH_BIN"
tap_is "no command: exit 2" "$rc" 2
tap_like "no command: says so" "$err" "missing command"

run "$GH_BIN" frobnicate
tap_is "unknown command: exit 2" "$rc" 2
tap_like "unknown command: names it" "$err" "unknown command 'frobnicate'"

run "$GH_BIN" --bogus
tap_is "unknown global option: exit 2" "$rc" 2

run "$GH_BIN" check --bogus "$good"
tap_is "check: unknown option: exit 2" "$rc" 2
tap_is "check: unknown option: nothing on stdout" "$out" ""

run "$GH_BIN" check -x "$good"
tap_is "check: unknown short option: exit 2" "$rc" 2

run "$GH_BIN" check "$good" "$bad"
tap_is "check: too many arguments: exit 2" "$rc" 2
tap_like "check: too many arguments: says so" "$err" "too many arguments"

run "$GH_BIN" check --format xml "$good"
tap_is "check: bad --format: exit 2" "$rc" 2
tap_like "check: bad --format: names it" "$err" "unknown format 'xml'"

run "$GH_BIN" check --format
tap_is "check: --format without a value: exit 2" "$rc" 2

run "$GH_BIN" help frobnicate
tap_is "help for an unknown command: exit 2" "$rc" 2

# ---- a clean repository: exit 0 ----------------------------------------------

run "$GH_BIN" check "$good"
tap_is "clean repository: exit 0" "$rc" 0
tap_is "clean repository: summary" "$out" "$good: clean: 11 files, 1 packets, 1 precedents"
tap_is "clean repository: nothing on stderr" "$err" ""

run "$GH_BIN" check --format=text "$good"
tap_is "--format=text: exit 0" "$rc" 0

# ---- problems: exit 1, every one listed ----------------------------------------

run "$GH_BIN" check "$bad"
tap_is "broken repository: exit 1" "$rc" 1
tap_like "lists the stray file" "$out" \
    "$bad/packets/PKT-1/notes.txt: warning: not part of a packet"
tap_like "lists the bad enum with its position" "$out" \
    "$bad/packets/PKT-1/request.yaml:3:7: error: unknown value 'major-upgarde' for 'kind' (did you mean 'major-upgrade'?"
tap_like "lists the bad date with its position" "$out" \
    "$bad/packets/PKT-1/request.yaml:4:17: error: invalid date for 'submitted': month out of range 01-12"
tap_like "lists the unknown key" "$out" \
    "$bad/packets/PKT-1/request.yaml:21:1: warning: unknown key 'colour' in request"
tap_like "lists the unknown role in another file" "$out" \
    "$bad/policy/roles.yaml:9:18: error: unknown role 'sre'"
tap_is "one line per problem plus the summary" "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" 6
tap_is "summary counts them" "$(printf '%s\n' "$out" | tail -n 1)" \
    "$bad: 3 errors, 2 warnings in 11 files"
# sorted by file, then line
sorted=$(printf '%s\n' "$out" | sed '$d' | cut -d: -f1 | LC_ALL=C sort -c 2>&1 && echo sorted)
tap_is "problems are sorted by file" "$sorted" "sorted"

# warnings alone are problems too
warn=$tmp/warn
make_repo "$warn"
echo "notes" >"$warn/packets/PKT-1/notes.txt"
run "$GH_BIN" check "$warn"
tap_is "warnings only: exit 1" "$rc" 1
tap_is "warnings only: summary" "$(printf '%s\n' "$out" | tail -n 1)" \
    "$warn: 0 errors, 1 warnings in 11 files"

# a broken YAML file does not hide the others' problems
cp -R "$bad" "$tmp/bad2"
printf 'schema: [1\n' >"$tmp/bad2/gatehouse.yaml"
run "$GH_BIN" check "$tmp/bad2"
tap_is "syntax error plus the rest: exit 1" "$rc" 1
tap_like "syntax error is positioned" "$out" "$tmp/bad2/gatehouse.yaml:2:1: error: YAML syntax error"
tap_is "syntax error plus the rest: all counted" "$(printf '%s\n' "$out" | tail -n 1)" \
    "$tmp/bad2: 4 errors, 2 warnings in 11 files"

# an empty directory: every required file is reported missing
mkdir "$tmp/empty"
run "$GH_BIN" check "$tmp/empty"
tap_is "empty directory: exit 1" "$rc" 1
tap_like "empty directory: gatehouse.yaml missing" "$out" \
    "$tmp/empty/gatehouse.yaml: error: cannot read: no such file"
tap_like "empty directory: policy files missing" "$out" \
    "$tmp/empty/policy/roles.yaml: error: cannot read: no such file"

run "$GH_BIN" check "$tmp/does-not-exist"
tap_is "missing repository: exit 2" "$rc" 2
tap_like "missing repository: says so" "$out$err" "cannot read the repository"

# ---- JSON ------------------------------------------------------------------------

if command -v python3 >/dev/null 2>&1; then
	run "$GH_BIN" check --format json "$bad"
	tap_is "json: exit 1 on problems" "$rc" 1
	printf '%s\n' "$out" >"$tmp/bad.json"
	tap_check "json: valid JSON (python3 -m json.tool)" \
	    python3 -m json.tool "$tmp/bad.json" /dev/null
	summary=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
p = d["problems"]
print(d["errors"], d["warnings"], d["not_shown"], len(p),
      sum(x["severity"] == "error" for x in p),
      sum(x["severity"] == "warning" for x in p))
' "$tmp/bad.json" 2>&1)
	tap_is "json: counts (errors warnings not_shown problems e w)" "$summary" "3 2 0 5 3 2"
	entry=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
for x in d["problems"]:
    if x["file"].endswith("roles.yaml"):
        print(x["line"], x["column"], x["severity"], x["message"])
' "$tmp/bad.json" 2>&1)
	tap_is "json: entry has file, line, column, severity, message" "$entry" \
	    "9 18 error unknown role 'sre'"

	run "$GH_BIN" check -f json "$good"
	tap_is "json: clean repository exits 0" "$rc" 0
	printf '%s\n' "$out" >"$tmp/good.json"
	tap_check "json: clean output is valid JSON" python3 -m json.tool "$tmp/good.json" /dev/null
	summary=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(d["errors"], d["warnings"], len(d["problems"]))
' "$tmp/good.json" 2>&1)
	tap_is "json: clean counts" "$summary" "0 0 0"

	# strings with quotes, backslashes and control characters stay valid JSON
	cp -R "$good" "$tmp/quote"
	printf 'schema: 1\nname: x\n"we\\"ird\\\\key\\t": 1\n' >"$tmp/quote/gatehouse.yaml"
	run "$GH_BIN" check --format json "$tmp/quote"
	printf '%s\n' "$out" >"$tmp/quote.json"
	tap_check "json: escapes odd keys" python3 -m json.tool "$tmp/quote.json" /dev/null
	key=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(repr(d["problems"][0]["message"]))
' "$tmp/quote.json" 2>&1)
	tap_like "json: the odd key survives the round trip" "$key" 'we"ird\\key\t'
else
	tap_skip "json checks" "python3 not found"
fi

# ---- GATEHOUSE_REPO --------------------------------------------------------------

run env GATEHOUSE_REPO="$good" "$GH_BIN" check
tap_is "GATEHOUSE_REPO: used without an argument" "$rc" 0
tap_like "GATEHOUSE_REPO: names that repository" "$out" "$good: clean"

run env GATEHOUSE_REPO="$bad" "$GH_BIN" check
tap_is "GATEHOUSE_REPO: problems found there" "$rc" 1

run env GATEHOUSE_REPO="$bad" "$GH_BIN" check "$good"
tap_is "an argument beats GATEHOUSE_REPO" "$rc" 0

run env GATEHOUSE_REPO= sh -c 'cd "$1" && exec "$2" check' sh "$good" "$GH_BIN"
tap_is "no argument, empty GATEHOUSE_REPO: the current directory" "$rc" 0
tap_is "current directory: summary" "$out" ".: clean: 11 files, 1 packets, 1 precedents"

run sh -c 'cd "$1" && exec "$2" check' sh "$bad" "$GH_BIN"
tap_is "current directory: relative file names" "$(printf '%s\n' "$out" | sed -n 2p | cut -d: -f1-3)" \
    "packets/PKT-1/request.yaml:3:7"

# ---- the bundled demo ------------------------------------------------------------

if [ -f "$GH_SRCDIR/data/demo/gatehouse.yaml" ]; then
	run "$GH_BIN" check "$GH_SRCDIR/data/demo"
	tap_is "data/demo checks clean" "$rc" 0
	[ "$rc" -eq 0 ] || tap_diag "$out"
else
	tap_skip "data/demo checks clean" "no data/demo/gatehouse.yaml yet"
fi

tap_done
