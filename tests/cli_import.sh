#!/bin/sh
# cli_import.sh -- "gatehouse import" end to end, on git repositories made
# from data/demo with the git CLI, a bare copy, a clone and a plain
# directory:
#
#   - pg_upgrade --check output, AWS lifecycle JSON and a generic JSON file
#     (from standard input) each become exactly one commit adding exactly
#     one file under packets/<ID>/evidence/, authored by the importer, with
#     trailers; the file records the sha256 of the input (as sha256sum
#     prints it); "gatehouse check" stays clean;
#   - the demo's upgrade-check item of CHG-2026-0412 is what import writes
#     for tests/data/import/pg-upgrade-check-libraries.txt;
#   - "gatehouse evaluate" uses the new items: the support timeline feeds
#     acceleration-needed, the upgrade check feeds the default pack's gate
#     upgrade-check-clean;
#   - an existing item is refused without --force and replaced with it;
#   - bad input is refused with file:line:column, exit 1, and leaves no
#     file and no commit; unknown packets and unsafe names exit 2;
#   - a plain directory gets the file written atomically (no temporaries
#     left behind).
#
# Prints TAP (tests/tap.sh).  Environment: GH_BIN, GH_SRCDIR.  Needs git.
set -u

here=$(dirname "$0")
: "${GH_SRCDIR:=$here/..}"
if [ -f "$here/tap.sh" ]; then
	. "$here/tap.sh"
else
	. "$GH_SRCDIR/tests/tap.sh"
fi
tap_need_gatehouse
command -v git >/dev/null 2>&1 || tap_skip_all "no git CLI"
command -v sha256sum >/dev/null 2>&1 || tap_skip_all "no sha256sum"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/gh-import.XXXXXX") || tap_skip_all "mktemp failed"
trap 'rm -rf "$tmp"' EXIT HUP INT TERM

tap_test_env
unset GATEHOUSE_REPO GATEHOUSE_TODAY GATEHOUSE_DATADIR GIT_DIR GIT_WORK_TREE
GATEHOUSE_AUTHOR='Jürgen Weiß <juergen.weiss@northwind.example>'
export GATEHOUSE_AUTHOR

in=$GH_SRCDIR/tests/data/import
PKT=CHG-2026-0412
EV=packets/$PKT/evidence
repo=$tmp/repo

cp -R "$GH_SRCDIR/data/demo" "$repo"
(cd "$repo" && git init -q -b main && git add -A && git commit -qm "demo") ||
	tap_skip_all "cannot make a git repository"

count() { git -C "$1" rev-list --count HEAD; }
digest_of() { sha256sum "$1" | cut -d' ' -f1; }

# ---- pg_upgrade --check ----------------------------------------------------
before=$(count "$repo")
out=$("$GH_BIN" import -C "$repo" --source https://s3.northwind.example/db-rehearsal/1203/pg_upgrade_check.log \
	--collected-at 2026-11-20T08:00:00Z $PKT "$in/pg-upgrade-check-reg.txt" 2>&1)
tap_is "pg: exit 0" "$?" 0
tap_like "pg: says where it went" "$out" "$EV/pg-upgrade-check.yaml"
tap_is "pg: one commit" "$(count "$repo")" $((before + 1))
tap_is "pg: the commit adds exactly the evidence file" \
	"$(git -C "$repo" show --format= --name-status HEAD)" "A	$EV/pg-upgrade-check.yaml"
tap_is "pg: authored by the importer" "$(git -C "$repo" log -1 --format='%an <%ae>')" "$GATEHOUSE_AUTHOR"
msg=$(git -C "$repo" log -1 --format=%B)
tap_like "pg: subject" "$msg" "evidence($PKT): import pg-upgrade-check (pg-upgrade-check)"
tap_like "pg: packet trailer" "$msg" "Gatehouse-Packet: $PKT"
tap_like "pg: digest trailer" "$msg" "Gatehouse-Digest: sha256:$(digest_of "$in/pg-upgrade-check-reg.txt")"
file=$(git -C "$repo" show "HEAD:$EV/pg-upgrade-check.yaml")
tap_like "pg: digest is sha256sum of the input" "$file" "digest: sha256:$(digest_of "$in/pg-upgrade-check-reg.txt")"
tap_like "pg: typed as upgrade-check" "$file" "type: upgrade-check"
tap_like "pg: verdict" "$file" "compatible: false"
tap_like "pg: the failed check's report" "$file" "tables_using_reg.txt"
tap_like "pg: the source link" "$file" "link: \"https://s3.northwind.example/db-rehearsal/1203/pg_upgrade_check.log\""
tap_like "pg: collected time" "$file" "collected_at: 2026-11-20T08:00:00Z"
tap_like "pg: the importer" "$file" "by: \"$GATEHOUSE_AUTHOR\""
tap_is "pg: the checkout shows it" "$(cat "$repo/$EV/pg-upgrade-check.yaml")" "$file"
tap_is "pg: work tree clean" "$(git -C "$repo" status --porcelain)" ""
out=$("$GH_BIN" check "$repo" 2>&1)
tap_is "pg: gatehouse check clean" "$?" 0

# The demo's own item (the seed-000 staging check, which failed on the
# PostGIS library) is exactly what import writes for its input, the
# import time aside.
demo_item=$demo/$EV/upgrade-check-staging.yaml
cp "$in/pg-upgrade-check-libraries.txt" "$tmp/pg_upgrade_precheck.log"
(cd "$tmp" && GATEHOUSE_AUTHOR='Björn Åkesson <bjorn.akesson@northwind.example>' \
	"$GH_BIN" import -C "$repo" --dry-run --force --id upgrade-check-staging \
	--source https://s3.northwind.example/db-rehearsal/1187/pg_upgrade_precheck.log \
	--collected-at 2026-11-15T18:45:00Z $PKT pg_upgrade_precheck.log) >"$tmp/dry" 2>&1
tap_is "demo: dry run exit 0" "$?" 0
tap_is "demo: the staging check is the importer's output" "$(grep -v '^  at: ' "$tmp/dry")" \
	"$(grep -v '^  at: ' "$demo_item")"
tap_like "demo: with the report of the failed check" "$(cat "$demo_item")" \
	"loadable_libraries.txt"

# The default pack's gate reads the newest upgrade-check item: the
# imported one (2026-11-20), not the demo's own staging check (2026-11-15).
out=$("$GH_BIN" evaluate --repo "$repo" --today 2026-11-21 $PKT 2>&1)
tap_like "evaluate: the check gate blocks" "$out" "block                 upgrade-check-clean"
tap_like "evaluate: on the imported evidence" "$out" "evidence pg-upgrade-check (upgrade-check)"
tap_like "evaluate: reading its verdict" "$out" "evidence.upgrade_check.compatible = false"

# ---- AWS lifecycle JSON ---------------------------------------------------
before=$(count "$repo")
"$GH_BIN" import -C "$repo" --id rds-lifecycle --collected-at 2026-11-20T09:00:00Z \
	$PKT "$in/aws-rds-postgres.json" >/dev/null 2>&1
tap_is "aws: exit 0" "$?" 0
tap_is "aws: one commit" "$(count "$repo")" $((before + 1))
file=$(git -C "$repo" show "HEAD:$EV/rds-lifecycle.yaml")
tap_like "aws: a support timeline" "$file" "type: support-timeline"
tap_like "aws: standard support end of 14" "$file" "standard_support_end: 2027-02-28"
tap_like "aws: digest" "$file" "sha256:$(digest_of "$in/aws-rds-postgres.json")"
out=$("$GH_BIN" evaluate --repo "$repo" --today 2026-11-21 $PKT 2>&1)
tap_like "evaluate: acceleration-needed reads the imported timeline" "$out" \
	"evidence rds-lifecycle (support-timeline)"
tap_like "evaluate: with its date" "$out" "evidence.support_timeline.standard_support_end = 2027-02-28"
"$GH_BIN" check "$repo" >/dev/null 2>&1
tap_is "aws: gatehouse check clean" "$?" 0

# ---- --force ---------------------------------------------------------------
before=$(count "$repo")
out=$("$GH_BIN" import -C "$repo" $PKT "$in/pg-upgrade-check-ok.txt" 2>&1)
tap_is "exists: exit 1" "$?" 1
tap_like "exists: says so" "$out" "already exists; --force replaces it"
tap_is "exists: no commit" "$(count "$repo")" "$before"
"$GH_BIN" import -C "$repo" --force --collected-at 2026-11-20T10:00:00Z $PKT \
	"$in/pg-upgrade-check-ok.txt" >/dev/null 2>&1
tap_is "force: exit 0" "$?" 0
tap_is "force: one commit" "$(count "$repo")" $((before + 1))
tap_is "force: modifies the file" "$(git -C "$repo" show --format= --name-status HEAD)" \
	"M	$EV/pg-upgrade-check.yaml"
tap_like "force: new content" "$(cat "$repo/$EV/pg-upgrade-check.yaml")" \
	"sha256:$(digest_of "$in/pg-upgrade-check-ok.txt")"
out=$("$GH_BIN" evaluate --repo "$repo" --today 2026-11-21 $PKT 2>&1)
tap_like "evaluate: the gate passes now" "$out" "pass                  upgrade-check-clean"

# ---- refusals leave nothing behind -------------------------------------------
before=$(count "$repo")
out=$("$GH_BIN" import -C "$repo" --id cut $PKT "$in/pg-upgrade-check-truncated.txt" 2>&1)
tap_is "truncated: exit 1" "$?" 1
tap_like "truncated: positioned" "$out" "pg-upgrade-check-truncated.txt:7:65: error:"
tap_is "truncated: no commit" "$(count "$repo")" "$before"
tap_check "truncated: no file" test ! -e "$repo/$EV/cut.yaml"
out=$("$GH_BIN" import -C "$repo" --id shape $PKT "$in/aws-wrong-shape.json" 2>&1)
tap_is "wrong shape: exit 1" "$?" 1
tap_like "wrong shape: positioned" "$out" "aws-wrong-shape.json:6:42: error:"
out=$(printf 'retention: [' | "$GH_BIN" import -C "$repo" --type generic --evidence-type backup --id junk $PKT - 2>&1)
tap_is "broken YAML on stdin: exit 1" "$?" 1
tap_like "broken YAML on stdin: positioned" "$out" "-:1:"
out=$("$GH_BIN" import -C "$repo" --type generic --evidence-type backup --id bad $PKT "$in/generic-bad-data.json" 2>&1)
tap_is "schema error: exit 1" "$?" 1
tap_like "schema error: positioned" "$out" "generic-bad-data.json:5:17: error: invalid duration"
out=$("$GH_BIN" import -C "$repo" CHG-0000-0000 "$in/pg-upgrade-check-ok.txt" 2>&1)
tap_is "unknown packet: exit 2" "$?" 2
out=$("$GH_BIN" import -C "$repo" --id ../../policy/gates $PKT "$in/pg-upgrade-check-ok.txt" 2>&1)
tap_is "unsafe id: exit 2" "$?" 2
out=$("$GH_BIN" import -C "$repo" --type nonsense $PKT "$in/pg-upgrade-check-ok.txt" 2>&1)
tap_is "unknown type: exit 2" "$?" 2
tap_is "refusals: still no commit" "$(count "$repo")" "$before"
tap_is "refusals: work tree clean" "$(git -C "$repo" status --porcelain)" ""

# ---- standard input --------------------------------------------------------------
"$GH_BIN" import -C "$repo" --evidence-type backup --id backup-stdin $PKT - \
	<"$in/generic-backup-data.json" >/dev/null 2>&1
tap_is "stdin: exit 0" "$?" 0
file=$(git -C "$repo" show "HEAD:$EV/backup-stdin.yaml")
tap_like "stdin: file '-'" "$file" 'file: "-"'
tap_like "stdin: content-addressed link" "$file" "link: \"urn:sha256:$(digest_of "$in/generic-backup-data.json")\""
tap_like "stdin: data kept" "$file" "pitr_enabled: true"
"$GH_BIN" check "$repo" >/dev/null 2>&1
tap_is "stdin: gatehouse check clean" "$?" 0

# ---- bare repository and clone ----------------------------------------------------
git clone -q --bare "$repo" "$tmp/bare.git"
"$GH_BIN" import -C "$tmp/bare.git" --id rehearsal-2 $PKT "$in/generic-rehearsal.yaml" >/dev/null 2>&1
tap_is "bare: exit 0" "$?" 0
tap_is "bare: the commit" "$(git -C "$tmp/bare.git" show --format= --name-status HEAD)" \
	"A	$EV/rehearsal-2.yaml"
"$GH_BIN" check "$tmp/bare.git" >/dev/null 2>&1
tap_is "bare: gatehouse check clean" "$?" 0
git clone -q "$tmp/bare.git" "$tmp/clone"
"$GH_BIN" import -C "$tmp/clone" --id pg-17 $PKT "$in/pg-upgrade-check-datatypes.txt" >/dev/null 2>&1
tap_is "clone: exit 0" "$?" 0
tap_check "clone: the file is in the work tree" test -f "$tmp/clone/$EV/pg-17.yaml"
tap_is "clone: work tree clean" "$(git -C "$tmp/clone" status --porcelain)" ""

# ---- plain directory -----------------------------------------------------------------
plain=$tmp/plain
cp -R "$GH_SRCDIR/data/demo" "$plain"
"$GH_BIN" import -C "$plain" $PKT "$in/pg-upgrade-check-postfix.txt" >/dev/null 2>&1
tap_is "plain: exit 0" "$?" 0
tap_check "plain: the file" test -f "$plain/$EV/pg-upgrade-check.yaml"
tap_is "plain: no temporary left" "$(ls -A "$plain/$EV" | grep -c '^\.')" 0
tap_check "plain: no git" test ! -e "$plain/.git"
"$GH_BIN" check "$plain" >/dev/null 2>&1
tap_is "plain: gatehouse check clean" "$?" 0
cp "$plain/$EV/pg-upgrade-check.yaml" "$tmp/saved.yaml"
out=$("$GH_BIN" import -C "$plain" $PKT "$in/pg-upgrade-check-ok.txt" 2>&1)
tap_is "plain: exists refused" "$?" 1
tap_check "plain: file untouched" cmp -s "$tmp/saved.yaml" "$plain/$EV/pg-upgrade-check.yaml"
"$GH_BIN" import -C "$plain" --force $PKT "$in/pg-upgrade-check-ok.txt" >/dev/null 2>&1
tap_is "plain: --force" "$?" 0
tap_like "plain: replaced" "$(cat "$plain/$EV/pg-upgrade-check.yaml")" "compatible: true"
out=$("$GH_BIN" import -C "$plain" --dry-run --id dry $PKT "$in/aws-rds-postgres.json" 2>&1)
tap_like "dry run: prints the item" "$out" "type: support-timeline"
tap_check "dry run: writes nothing" test ! -e "$plain/$EV/dry.yaml"

for r in "$repo" "$tmp/bare.git" "$tmp/clone"; do
	git -C "$r" fsck --strict >/dev/null 2>&1
	tap_is "git fsck --strict: $(basename "$r")" "$?" 0
done

tap_done
