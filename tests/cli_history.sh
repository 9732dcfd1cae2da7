#!/bin/sh
# cli_history.sh -- the auditor's commands "gatehouse log", "history" and
# "diff", and "evaluate --at", against a history built with gatehouse and
# the git CLI:
#
#   - sign-offs and a comment recorded with gatehouse, a sign-off added by
#     hand with the git CLI (no trailers), an evidence item added without
#     moving the recommendation, an evidence change that flips it, a
#     dissent, and a policy change that flips it back;
#   - log lists every record (the hand-added one too) with its kind, state
#     and author, newest first, and marks STALE exactly the sign-offs whose
#     inputs changed and whose recommendation moved since;
#   - history shows each commit's changes and the flip at the right commits;
#   - diff names the gates, evidence and policy files that changed;
#   - evaluate --at OLD prints byte for byte what evaluate printed then;
#   - JSON output parses, a bare clone gives the same log, unknown packets
#     and revisions exit 2, and odd history (a broken record, a broken
#     request, a merge, the root commit) is reported and walked through.
#
# Prints TAP (tests/tap.sh).  Environment: GH_BIN (the built binary),
# GH_SRCDIR (the source tree).  Needs the git CLI; python3 for JSON checks.
set -u

here=$(dirname "$0")
: "${GH_SRCDIR:=$here/..}"
if [ -f "$here/tap.sh" ]; then
	. "$here/tap.sh"
else
	. "$GH_SRCDIR/tests/tap.sh"
fi
tap_need_gatehouse

tmp=$(mktemp -d "${TMPDIR:-/tmp}/gh-history.XXXXXX") || tap_skip_all "mktemp failed"
# GH_KEEP=1 keeps the temporary directory for a look after a failure.
trap '[ -n "${GH_KEEP:-}" ] || rm -rf "$tmp"' EXIT HUP INT TERM

# Messages in English; no identity, repository or config from the caller;
# one date as "today" unless a check says otherwise.
tap_test_env
HOME=$tmp/home
GATEHOUSE_TODAY=2026-11-02
export HOME GATEHOUSE_TODAY
mkdir "$HOME"
unset GATEHOUSE_REPO GATEHOUSE_AUTHOR GATEHOUSE_DATADIR GIT_DIR GIT_WORK_TREE

# People of data/demo/policy/roles.yaml.
ZOE='Zoë Lambert <zoe.lambert@northwind.example>'
JUERGEN='Jürgen Weiß <juergen.weiss@northwind.example>'
AMARA='Amara Okonkwo <amara.okonkwo@northwind.example>'
PKT=CHG-2026-0398

have_python=false
command -v python3 >/dev/null 2>&1 && have_python=true

gh() {
	"$GH_BIN" "$@"
}

# json_ok DESCRIPTION FILE [PYTHON-ASSERTION]: FILE parses as JSON (and the
# assertion about `d` holds)
json_ok() {
	if ! $have_python; then
		tap_skip "$1" "no python3"
	elif python3 -m json.tool "$2" >/dev/null 2>&1 &&
	    python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert ${3:-True}" "$2" \
	    2>"$tmp/.py"; then
		tap_ok "$1"
	else
		tap_not_ok "$1"
		tap_diag "$(cat "$tmp/.py")"
	fi
}

# block SHORT TEXT: the lines of a history listing from the commit SHORT
# up to the next blank line
block() {
	printf '%s\n' "$2" | awk -v c="$1" '$2 == c { on = 1 } on && /^$/ { exit } on { print }'
}

# ---- the history --------------------------------------------------------------

R=$tmp/repo
cp -R "$demo" "$R" && cd "$R" && git init -q -b main && commit 2026-11-01T10:00:00Z "Packet repository" ||
	tap_skip_all "cannot build the test repository"
c_init=$(git rev-parse HEAD)
gh evaluate "$PKT" >"$tmp/ev-init.txt"
tap_like "the packet starts as SUPPORT" "$(head -2 "$tmp/ev-init.txt")" "Recommendation: SUPPORT"

as_quiet "$ZOE" signoff "$PKT" concur
as_quiet "$JUERGEN" comment -m "Rehearsal numbers look right.
Second paragraph." --on gate:rehearsal-within-limits "$PKT"

# A sign-off added by hand with the git CLI: no trailers, no digest.
cat >"packets/$PKT/reviews/20261103T090000Z-bakesson-0a0b0c.yaml" <<'EOF'
kind: signoff
author:
  name: Björn Åkesson
  email: bjorn.akesson@northwind.example
at: 2026-11-03T09:00:00Z
role: dba
state: concur
body: Checked the snapshot schedule by hand.
EOF
commit 2026-11-03T09:00:00Z "Add Björn's sign-off from the paper form"
c_hand=$(git rev-parse HEAD)

# Inputs change, the recommendation does not.
cat >"packets/$PKT/evidence/precheck-log.yaml" <<'EOF'
title: RDS precheck log of the staging rehearsal
type: link
source:
  system: Amazon RDS (staging account)
  link: https://s3.northwind.example/db-rehearsal/1179/precheck.log
collected_at: 2026-11-13T07:00:00Z
sensitivity: internal
summary: No blocking finding.
EOF
commit 2026-11-04T09:00:00Z "Add the precheck log"
c_benign=$(git rev-parse HEAD)
run gh log "$PKT"
tap_unlike "inputs changed, recommendation did not: no sign-off is STALE" "$out" "STALE"

# The rehearsal is re-run with a longer lock: the recommendation flips.
sed 's/lock_time: 2s/lock_time: 9s/' "packets/$PKT/evidence/rehearsal-staging.yaml" >"$tmp/r.yaml" &&
	cp "$tmp/r.yaml" "packets/$PKT/evidence/rehearsal-staging.yaml"
commit 2026-11-05T09:00:00Z "Re-run the rehearsal: the lock took 9s"
c_flip=$(git rev-parse HEAD)
gh evaluate "$PKT" >"$tmp/ev-flip.txt"
tap_unlike "the evidence change moves the recommendation" "$(head -2 "$tmp/ev-flip.txt")" "SUPPORT"

run gh log "$PKT"
tap_is "log exits 0" "$rc" 0
zoe_line=$(printf '%s\n' "$out" | grep 'signoff concur  Zoë Lambert')
tap_like "log: Zoë's sign-off is STALE after the flip" "$zoe_line" "STALE"
tap_unlike "log: a comment is never STALE" "$(printf '%s\n' "$out" | grep 'comment')" "STALE"

as_quiet "$AMARA" signoff --reason "A 9s lock on the catalog tables is too long." "$PKT" dissent
c_dissent=$(git rev-parse HEAD)
run gh log "$PKT"
tap_unlike "log: a sign-off made after the flip is current" \
    "$(printf '%s\n' "$out" | grep 'Amara Okonkwo')" "STALE"

# The policy allows a longer lock: the recommendation flips back.
sed 's/^  max_lock_time: 5s /  max_lock_time: 10s/' policy/gates.yaml >"$tmp/g.yaml" &&
	cp "$tmp/g.yaml" policy/gates.yaml
commit 2026-11-06T09:00:00Z "Allow locks up to 10s"
c_policy=$(git rev-parse HEAD)
gh evaluate "$PKT" >"$tmp/ev-policy.txt"
tap_like "the policy change moves it back" "$(head -2 "$tmp/ev-policy.txt")" "SUPPORT"

# ---- log ------------------------------------------------------------------------

run gh log "$PKT"
tap_is "log exits 0" "$rc" 0
events=$(printf '%s\n' "$out" | grep -c '^20[0-9][0-9]-')
tap_is "log lists all four records" "$events" 4
tap_like "log: newest first" "$(printf '%s\n' "$out" | head -1)" "signoff dissent  Amara Okonkwo"
tap_like "log: the dissent's reason is shown" "$out" "A 9s lock on the catalog tables is too long."
tap_like "log: the hand-added sign-off, kind and author" "$out" \
    "$(printf '%.12s' "$c_hand")  $PKT  signoff concur  Björn Åkesson"
tap_like "log: the comment, its target and first line" "$out" \
    "comment on gate:rehearsal-within-limits  Jürgen Weiß"
tap_unlike "log: only the first line of a body" "$out" "Second paragraph."
tap_unlike "log: Zoë saw SUPPORT, it is SUPPORT again: not STALE" \
    "$(printf '%s\n' "$out" | grep 'Zoë Lambert')" "STALE"
tap_like "log: Amara saw the flipped one: STALE now" \
    "$(printf '%s\n' "$out" | grep 'Amara Okonkwo')" "STALE"
tap_unlike "log: a hand-added sign-off without a digest is not STALE" \
    "$(printf '%s\n' "$out" | grep 'Björn')" "STALE"
run gh log
tap_like "log without PACKET lists the same records" "$(printf '%s\n' "$out" | grep -c "$PKT")" 4

gh log --format json "$PKT" >"$tmp/log.json"
json_ok "log --format json parses, hand-added record without trailers" "$tmp/log.json" \
    "len(d) == 4 and [e['kind'] for e in d] == ['signoff', 'signoff', 'comment', 'signoff'] and [e['trailers'] for e in d] == [True, False, True, True] and d[1]['author']['name'] == 'Björn Åkesson' and [e['stale'] for e in d] == [True, False, False, False]"

# ---- history --------------------------------------------------------------------

run gh history "$PKT"
tap_is "history exits 0" "$rc" 0
tap_is "history: two flips" "$(printf '%s\n' "$out" | grep -c 'flipped')" 2
b=$(block "$(printf '%.12s' "$c_flip")" "$out")
tap_like "history: the evidence change is named" "$b" "evidence changed: rehearsal-staging"
tap_like "history: it flips at the evidence change" "$b" "SUPPORT as-scoped platform-review → ESCALATE"
b=$(block "$(printf '%.12s' "$c_benign")" "$out")
tap_like "history: the added evidence is named" "$b" "evidence added: precheck-log"
tap_unlike "history: no flip when only inputs changed" "$b" "flipped"
b=$(block "$(printf '%.12s' "$c_policy")" "$out")
tap_like "history: the policy change is named" "$b" "policy changed: policy/gates.yaml"
tap_like "history: and flips back there" "$b" "→ SUPPORT as-scoped platform-review  ← flipped"
b=$(block "$(printf '%.12s' "$c_hand")" "$out")
tap_like "history: the hand-added sign-off" "$b" "sign-off by Björn Åkesson: concur"
tap_like "history: the first commit adds the packet" "$out" "request added"
tap_like "history: GATEHOUSE_TODAY is the date evaluated" "$out" "(as of 2026-11-02)"
run sh -c 'unset GATEHOUSE_TODAY; exec "$0" history "$1"' "$GH_BIN" "$PKT"
b=$(block "$(printf '%.12s' "$c_benign")" "$out")
tap_like "history: otherwise each commit's own date" "$b" "(as of 2026-11-04)"

gh history --format json "$PKT" >"$tmp/history.json"
json_ok "history --format json parses, flips where expected" "$tmp/history.json" \
    "[c['commit'] for c in d['commits'] if c['recommendation']['flipped']] == ['$c_flip', '$c_policy']"

# ---- diff -----------------------------------------------------------------------

run gh diff "$PKT" "$c_benign" "$c_flip"
tap_is "diff exits 0" "$rc" 0
tap_like "diff: the verdict before and after" "$out" "verdict    SUPPORT → ESCALATE"
tap_like "diff: the gate that changed" "$out" "rehearsal-within-limits: pass → block"
tap_like "diff: with the after side's explanation" "$out" "evidence.rehearsal.lock_time, 0s) = 9s > policy.max_lock_time = 5s"
tap_like "diff: the evidence that changed" "$out" "evidence changed: rehearsal-staging"
tap_like "diff: the option that changed class" "$out" "as-scoped: in-band #1 → blocked"
run gh diff "$PKT" "$c_init" HEAD
tap_like "diff: evidence added" "$out" "evidence added: precheck-log"
tap_like "diff: policy files changed" "$out" "policy changed: policy/gates.yaml"
tap_like "diff: same recommendation at both ends" "$out" "(unchanged)"
gh diff --format json "$PKT" "$c_dissent" "$c_policy" >"$tmp/diff.json"
json_ok "diff --format json parses" "$tmp/diff.json" \
    "d['flipped'] and d['files'][0]['path'] == 'policy/gates.yaml' and d['gates'][0]['id'] == 'rehearsal-within-limits'"

# ---- evaluate --at --------------------------------------------------------------

gh evaluate --at "$c_init" "$PKT" >"$tmp/at-init.txt"
tap_check "evaluate --at the first commit is what evaluate printed then" \
    cmp -s "$tmp/ev-init.txt" "$tmp/at-init.txt"
gh evaluate --at "$c_flip" "$PKT" >"$tmp/at-flip.txt"
tap_check "evaluate --at the flip is what evaluate printed then" \
    cmp -s "$tmp/ev-flip.txt" "$tmp/at-flip.txt"
gh evaluate --at "$c_init" --format json "$PKT" >"$tmp/at.json"
json_ok "evaluate --at --format json parses" "$tmp/at.json"
echo "# local edit" >>"packets/$PKT/request.yaml"
sed 's/lock_time: 9s/lock_time: 2s/' "packets/$PKT/evidence/rehearsal-staging.yaml" >"$tmp/r.yaml" &&
	cp "$tmp/r.yaml" "packets/$PKT/evidence/rehearsal-staging.yaml"
run gh evaluate --at HEAD "$PKT"
tap_check "evaluate --at HEAD reads the commit, not the working tree" \
    cmp -s "$tmp/ev-policy.txt" "$tmp/.out"
git checkout -q -- .
run gh evaluate --at no-such-rev "$PKT"
tap_is "evaluate --at an unknown revision exits 2" "$rc" 2
tap_like "and says so" "$err" "no-such-rev"

# ---- a bare clone ---------------------------------------------------------------

gh log "$PKT" >"$tmp/log-clone.txt"
git clone -q --bare "$R" "$tmp/bare.git"
run gh log -C "$tmp/bare.git" "$PKT"
tap_is "log in a bare repository exits 0" "$rc" 0
tap_check "and lists the same as in the clone" cmp -s "$tmp/log-clone.txt" "$tmp/.out"
run gh history -C "$tmp/bare.git" "$PKT"
tap_is "history in a bare repository: two flips" "$(printf '%s\n' "$out" | grep -c 'flipped')" 2
run gh diff -C "$tmp/bare.git" "$PKT" "$c_benign" "$c_flip"
tap_like "diff in a bare repository" "$out" "rehearsal-within-limits: pass → block"
run gh evaluate -C "$tmp/bare.git" --at "$c_init" "$PKT"
tap_like "evaluate --at in a bare repository" "$out" "Recommendation: SUPPORT"

# ---- errors ---------------------------------------------------------------------

run gh log CHG-0000-0000
tap_is "log of an unknown packet exits 2" "$rc" 2
tap_like "with a clear message" "$err" "no packet 'CHG-0000-0000'"
run gh history CHG-0000-0000
tap_is "history of an unknown packet exits 2" "$rc" 2
run gh diff CHG-0000-0000 "$c_init" HEAD
tap_is "diff of an unknown packet exits 2" "$rc" 2
run gh diff "$PKT" "$c_init" no-such-rev
tap_is "diff with an unknown revision exits 2" "$rc" 2
tap_like "and names it" "$err" "unknown revision 'no-such-rev'"
run gh history
tap_is "history without PACKET exits 2" "$rc" 2
run gh log -C "$tmp/nowhere"
tap_is "log outside a repository exits 2" "$rc" 2

# ---- odd history ----------------------------------------------------------------

printf 'kind: [signoff\nauthor: x\n' >"packets/$PKT/reviews/20261107T090000Z-broken-000000.yaml"
commit 2026-11-07T09:00:00Z "A broken record"
cp "packets/$PKT/request.yaml" "$tmp/request.yaml"
printf 'id: %s\ntitle: [unclosed\n' "$PKT" >"packets/$PKT/request.yaml"
commit 2026-11-07T10:00:00Z "Break the request"
c_broken=$(git rev-parse HEAD)
cp "$tmp/request.yaml" "packets/$PKT/request.yaml"
commit 2026-11-07T11:00:00Z "Mend the request"
run gh log "$PKT"
tap_is "log walks past a broken record" "$rc" 0
tap_like "and reports it" "$out" "20261107T090000Z-broken-000000.yaml"
tap_is "and still lists the others" "$(printf '%s\n' "$out" | grep -c '^20[0-9][0-9]-')" 5
run gh history "$PKT"
tap_is "history walks past a broken request" "$rc" 0
tap_like "and says there is no recommendation there" "$(block "$(printf '%.12s' "$c_broken")" "$out")" \
    "none (request.yaml did not load)"
tap_like "and evaluates again after it" "$(printf '%s\n' "$out" | tail -1)" "SUPPORT"

git checkout -q -b side
as_quiet "$JUERGEN" comment -m "Written on a branch." "$PKT"
git checkout -q main
echo "# note" >>policy/calendar.yaml
commit 2026-11-08T09:00:00Z "Calendar note"
GIT_AUTHOR_DATE=2026-11-08T10:00:00Z GIT_COMMITTER_DATE=2026-11-08T10:00:00Z \
    git merge -q --no-ff -m "Merge the side branch" side
run gh log "$PKT"
tap_like "log follows a merge: the branch's record is listed" "$out" "Written on a branch."
run gh history "$PKT"
tap_like "history marks the merge" "$out" "(merge, compared with its first parent)"
tap_like "history lists the policy change beside it" "$out" "policy changed: policy/calendar.yaml"

tap_done
