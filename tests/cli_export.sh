#!/bin/sh
# cli_export.sh -- "gatehouse export" on a git repository made from the
# demo, with review records made by gatehouse:
#
#   - every section of the seed-000 packet (CHG-2026-0412) is there, in
#     Markdown and HTML, with the footer's repository, full commit id,
#     generation date and engine version;
#   - a recorded comment and sign-off appear with their commit ids and the
#     sign-off's condition; a sign-off made before the request changed and
#     the recommendation moved is flagged STALE;
#   - --at an older commit leaves out the later comment and history;
#   - a comment with "<script>", "&" and "|" is escaped in HTML and in the
#     Markdown table; the HTML has no resource but the packet's own links;
#   - someone who cannot read the restricted companion gets placeholders
#     and none of its content;
#   - unknown packet and revision exit 2 with a message, a bad --format is
#     a usage error, -o is atomic and leaves no file when it fails, the
#     same inputs give the same bytes.
#
# Prints TAP (tests/tap.sh).  Environment: GH_BIN (the built binary),
# GH_SRCDIR (the source tree).  Needs the git CLI.
set -u

here=$(dirname "$0")
: "${GH_SRCDIR:=$here/..}"
if [ -f "$here/tap.sh" ]; then
	. "$here/tap.sh"
else
	. "$GH_SRCDIR/tests/tap.sh"
fi
tap_need_gatehouse

tmp=$(mktemp -d "${TMPDIR:-/tmp}/gh-export.XXXXXX") || tap_skip_all "mktemp failed"
# GH_KEEP=1 keeps the temporary directory for a look after a failure.
trap '[ -n "${GH_KEEP:-}" ] || { chmod -R u+rwX "$tmp" 2>/dev/null; rm -rf "$tmp"; }' EXIT HUP INT TERM
chmod 755 "$tmp"

tap_test_env
HOME=$tmp/home
GATEHOUSE_TODAY=2026-11-21
export HOME GATEHOUSE_TODAY
mkdir "$HOME"
unset GATEHOUSE_REPO GATEHOUSE_AUTHOR GATEHOUSE_DATADIR GIT_DIR GIT_WORK_TREE

ZOE='Zoë Lambert <zoe.lambert@northwind.example>'
JUERGEN='Jürgen Weiß <juergen.weiss@northwind.example>'
PKT=CHG-2026-0412
# markers that only exist in the restricted companion's files
MARK1=CONFIDENTIAL-MARKER-7Q3
MARK2=INC-88213
MARK3=finance.northwind.example

gh() {
	"$GH_BIN" "$@"
}

# every tag of the HTML file that names an http(s) URL, except <a href>:
# what is left would be a resource the page fetches
html_fetches() {
	tr '\n' ' ' <"$1" | grep -o '<[^>]*https\{0,1\}://[^>]*>' |
	    grep -v '^<a \(class="ref" \)\{0,1\}href="https\{0,1\}://[^"]*">$'
}

# ---- the repository -----------------------------------------------------------

R=$tmp/demo
cp -R "$demo" "$R" && cp -R "$GH_SRCDIR/data/demo-restricted" "$tmp/" &&
	cd "$R" && git init -q -b main && commit 2026-11-18T10:00:00Z "Packet repository" ||
	tap_skip_all "cannot build the test repository"
c_init=$(git rev-parse HEAD)

as_quiet "$ZOE" signoff --condition "a restore drill within 30 days" "$PKT" concur-with-conditions
c_zoe=$(git rev-parse HEAD)
as_quiet "$JUERGEN" comment -m "Lock times look right <script>alert(1)</script> & the | pipe
Second paragraph." "$PKT"
c_comment=$(git rev-parse HEAD)

# ---- every section -------------------------------------------------------------

run gh export "$PKT"
tap_is "export exits 0" "$rc" 0
md=$out
for h in "# $PKT  Accelerated RDS PostgreSQL 14 to 17" "**Recommendation: ESCALATE to VP Engineering**" \
    "## Request" "### Requested deviations" "### Rationale" "### Links" "## Decision authority" \
    "## Evidence" "## Policy checks (32 gates" "## Options (ranked)" "## Approval matrix rows" \
    "## Precedents (closest first)" "## Assumptions" "## Comments, sign-offs and decisions" \
    "## History of the recommendation"; do
	tap_like "markdown section: $h" "$md" "$h"
done
tap_like "request: services and tier" "$md" "| Services | checkout: tier 0, peak-seasonal traffic, RTO 30m"
tap_like "request: current → target versions" "$md" "| Engine | postgresql (aws-rds) 14.20 → 17.11 |"
tap_like "request: window" "$md" "| Window | 2026-11-28T02:00:00Z – 2026-11-28T06:00:00Z |"
tap_like "request: a requested deviation" "$md" "| rollback-checkpoint | 72h | 4h |"
tap_like "request: the change record link" "$md" "https://servicenow.northwind.example/change_request/CHG0041207"
tap_like "request: the rationale" "$md" "AWS notified us on 2026-11-03"
tap_like "route and authority" "$md" "- Escalation route: \`tier0-hard-trigger\`"
tap_like "decided by" "$md" "- Decided by: VP Engineering (level"
tap_like "a firing gate with the values that decided it" "$md" \
    "\`coalesce(request.rollback.checkpoint, 0h) = 4h < policy.rollback_checkpoint_min = 24h\`"
tap_like "a passing gate shows its values too" "$md" "- pass                  \`backup-health\`"
b=$(printf '%s\n' "$md" | sed -n '/`backup-health`/,/^- /p')
tap_like "passing gate: its evidence link" "$b" "https://backup.northwind.example/vaults/prod-rds/checkout-pg"
tap_like "passing gate: its expression" "$b" "evidence.backup"
tap_like "options: classified, scored, scheduled" "$md" "[blocked] score"
tap_like "options: conditions" "$md" "  - needs "
tap_like "precedents: dimension by dimension" "$md" "  - rollback        mismatch"
tap_like "precedents: one that does not support the case" "$md" "does not support this case"
tap_like "assumptions" "$md" "- today is taken as 2026-11-21"
tap_like "footer: repository name" "$md" "Repository: Northwind platform review (demo)"
tap_like "footer: the full commit exported" "$md" "Commit exported: \`$c_comment\`"
tap_like "footer: generation date" "$md" "Generated: 2026-11-21"
tap_like "footer: engine version" "$md" "Engine: gatehouse-engine/1"

# ---- review records -------------------------------------------------------------

zoe_row=$(printf '%s\n' "$md" | grep '^| .* | sign-off: concur-with-conditions |')
tap_like "the sign-off with its full commit id" "$zoe_row" "\`$c_zoe\`"
tap_like "the sign-off's author and role" "$zoe_row" "Zoë Lambert (zoe.lambert@northwind.example)<br>role: "
tap_like "the sign-off's condition" "$zoe_row" "Condition: a restore drill within 30 days"
tap_like "the sign-off is current" "$zoe_row" "| current |"
com_row=$(printf '%s\n' "$md" | grep '^| .* | comment |')
tap_like "the comment with its commit id" "$com_row" "\`$c_comment\`"
tap_like "markdown: | escaped in the table" "$com_row" 'the \| pipe<br>Second paragraph.'
tap_like "markdown: < and & cannot become HTML" "$com_row" '&lt;script>alert(1)&lt;/script> &amp; the'
tap_unlike "markdown: no raw <script>" "$md" "<script>"
h=$(printf '%s\n' "$md" | sed -n '/^## History of the recommendation/,/^---$/p')
tap_is "history: one row per commit" "$(printf '%s\n' "$h" | grep -c '^| `')" 3
tap_like "history: commit, date, author, verdict" "$h" \
    "| \`$(printf '%.12s' "$c_zoe")\` | "

# ---- a stale sign-off and a flip in the history ---------------------------------------

sed 's/^    tier: 0$/    tier: 1/' "packets/$PKT/request.yaml" >"$tmp/req.yaml" &&
	cp "$tmp/req.yaml" "packets/$PKT/request.yaml"
commit 2026-11-20T09:00:00Z "checkout is tier 1 after all"
c_tier=$(git rev-parse HEAD)
run gh export "$PKT"
tap_is "export after the flip exits 0" "$rc" 0
tap_like "the recommendation moved" "$out" "**Recommendation: ESCALATE to Change advisory board**"
zoe_row=$(printf '%s\n' "$out" | grep '^| .* | sign-off: concur-with-conditions |')
tap_like "the earlier sign-off is STALE" "$zoe_row" "| **STALE** |"
tap_unlike "a comment is never stale" "$(printf '%s\n' "$out" | grep '^| .* | comment |')" "STALE"
flip=$(printf '%s\n' "$out" | grep "^| \`$(printf '%.12s' "$c_tier")\`")
tap_like "history: the flip is marked" "$flip" "**flipped**: ESCALATE staged-after-freeze vp-engineering → ESCALATE"
tap_like "history: what changed there" "$flip" "request changed"

# ---- --at -----------------------------------------------------------------------------

run gh export --at "$c_zoe" "$PKT"
tap_is "export --at exits 0" "$rc" 0
tap_like "--at: the sign-off made by then" "$out" "Condition: a restore drill within 30 days"
tap_unlike "--at: the later comment is left out" "$out" "Lock times look right"
tap_unlike "--at: the later commits are left out of the history" "$out" "$(printf '%.12s' "$c_comment")"
tap_like "--at: the footer names that commit" "$out" "Commit exported: \`$c_zoe\`"
tap_like "--at: the sign-off is current there" \
    "$(printf '%s\n' "$out" | grep '| sign-off: concur-with-conditions |')" "| current |"
tap_like "--at: the recommendation as it was" "$out" "**Recommendation: ESCALATE to VP Engineering**"
run gh export --at "$c_init" "$PKT"
tap_like "--at the first commit: no review records" "$out" "No review records at this commit."

# ---- HTML ----------------------------------------------------------------------------------

run gh export --format html --at "$c_comment" "$PKT"
tap_is "html exits 0" "$rc" 0
html=$out
tap_like "html: a document with a language" "$html" '<html lang="en">'
tap_like "html: UTF-8" "$html" '<meta charset="utf-8">'
tap_like "html: print rules" "$html" "@media print"
tap_like "html: links print their URL" "$html" 'a.ref::after { content: " <" attr(href) ">"'
tap_like "html: every section" "$html" "<h2>History of the recommendation</h2>"
tap_like "html: the sign-off's commit" "$html" "<code>$c_zoe</code>"
tap_like "html: <script> and & escaped" "$html" \
    "Lock times look right &lt;script&gt;alert(1)&lt;/script&gt; &amp; the | pipe<br>"
tap_unlike "html: no script element" "$html" "<script"
tap_like "html: the packet's links are <a href>" "$html" \
    '<a href="https://servicenow.northwind.example/change_request/CHG0041207">'
printf '%s\n' "$html" >"$tmp/x.html"
tap_is "html: no tag names an http(s) URL but <a href>" "$(html_fetches "$tmp/x.html")" ""
printf '<p>\n<img alt="x"\n src="https://cdn.example/x.png"> <a href="https://ok.example/">x</a></p>\n' >"$tmp/bad.html"
tap_is "html: the check finds a fetched resource" "$(html_fetches "$tmp/bad.html")" \
    '<img alt="x"  src="https://cdn.example/x.png">'
tap_check "html: the packet's links are there to check" grep -q '<a href="https://' "$tmp/x.html"
for r in "src=" "url(" "@import" "<link" "<img" "<iframe" "<object"; do
	tap_unlike "html: no $r" "$html" "$r"
done
tap_is "html: tags balanced" "$(grep -c '<table>' "$tmp/x.html")" "$(grep -c '</table>' "$tmp/x.html")"

# A link with another scheme (the loader refuses javascript:) is shown,
# never linked.
sed 's|url: https://wiki.northwind.example/checkout/runbooks$|url: file:///etc/passwd|' \
    "packets/$PKT/request.yaml" >"$tmp/req.yaml" && cp "$tmp/req.yaml" "packets/$PKT/request.yaml"
commit 2026-11-20T10:00:00Z "a link that is not http"
run gh export --format html "$PKT"
tap_unlike "html: a file: link is not a link" "$out" 'href="file:'
tap_like "html: it is shown as text" "$out" "Checkout platform runbook index (file:///etc/passwd)"
run gh export "$PKT"
tap_unlike "markdown: a file: link is not a link" "$out" "](file:"

# ---- same inputs, same bytes; -o --------------------------------------------------------------

gh export --at "$c_comment" "$PKT" >"$tmp/a.md"
gh export --at "$c_comment" --today 2026-11-21 "$PKT" >"$tmp/b.md"
tap_check "the same inputs give the same bytes" cmp -s "$tmp/a.md" "$tmp/b.md"
run gh export --at "$c_comment" -o "$tmp/out.md" "$PKT"
tap_is "-o exits 0" "$rc" 0
tap_is "-o prints nothing" "$out" ""
tap_check "-o writes the same bytes as stdout" cmp -s "$tmp/a.md" "$tmp/out.md"
tap_is "-o leaves no temporary file" "$(ls "$tmp" | grep -c 'out\.md\.')" 0
run gh export --today 2026-12-24 --at "$c_comment" "$PKT"
tap_like "--today is the generation date" "$out" "Generated: 2026-12-24"
run sh -c 'unset GATEHOUSE_TODAY; exec "$0" export --at "$1" "$2"' "$GH_BIN" "$c_zoe" "$PKT"
tap_like "without a date, --at evaluates for the commit's own date" "$out" \
    "Recommendation evaluated for: $(TZ=UTC git log -1 --format=%cd --date=format-local:%Y-%m-%d "$c_zoe")"

run gh export -o "$tmp/missing-dir/out.md" "$PKT"
tap_is "-o into a missing directory exits 2" "$rc" 2
tap_like "-o: the error names the file" "$err" "cannot write $tmp/missing-dir/out.md"
tap_check "-o: no file left behind" test ! -e "$tmp/missing-dir"
printf 'keep me\n' >"$tmp/keep.md"
run gh export -o "$tmp/keep.md" NO-SUCH-PACKET
tap_is "-o with an unknown packet exits 2" "$rc" 2
tap_is "-o: an existing file is left as it was" "$(cat "$tmp/keep.md")" "keep me"
tap_is "-o: no temporary file" "$(ls "$tmp" | grep -c 'keep\.md\.')" 0

# ---- errors -----------------------------------------------------------------------------------

run gh export NO-SUCH-PACKET
tap_is "unknown packet exits 2" "$rc" 2
tap_like "unknown packet: a message" "$err" "no packet 'NO-SUCH-PACKET' at commit"
tap_is "unknown packet: nothing on stdout" "$out" ""
run gh export --at no-such-rev "$PKT"
tap_is "unknown revision exits 2" "$rc" 2
tap_like "unknown revision: a message" "$err" "no-such-rev"
run gh export --format pdf "$PKT"
tap_is "bad --format exits 2" "$rc" 2
tap_like "bad --format: a usage error" "$err" "unknown format 'pdf'"
tap_like "bad --format: points to --help" "$err" "Try 'gatehouse --help'"
run gh export
tap_is "no PACKET exits 2" "$rc" 2
tap_like "no PACKET: says so" "$err" "missing PACKET"
run gh export --bogus "$PKT"
tap_is "unknown option exits 2" "$rc" 2
run gh export --help
tap_is "--help exits 0" "$rc" 0
tap_like "--help lists -o" "$out" "--output FILE"
run gh export -C "$tmp/home" "$PKT"
tap_is "not a git repository exits 2" "$rc" 2

# ---- restricted evidence ----------------------------------------------------------------------

cd "$tmp" || exit 1
run gh export -C "$R" --at "$c_comment" "$PKT"
tap_like "a reader sees the restricted item" "$out" "Checkout database incidents"
tap_like "a reader sees its link" "$out" "$MARK3"

# An outsider: a clone of their own, the companion closed by the OS.
O=$tmp/outsider
mkdir "$O" && git clone -q "$R" "$O/demo" && cp -R "$GH_SRCDIR/data/demo-restricted" "$O/"
cp "$GH_BIN" "$tmp/gh" && chmod 755 "$tmp/gh"
if [ "$(id -u)" = 0 ]; then
	chown 65534:65534 "$O"
	chown -R 65534:65534 "$O/demo" "$tmp/home"
	chmod 700 "$O/demo-restricted"
	as_outsider() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
else
	chmod 000 "$O/demo-restricted"
	as_outsider() { "$@"; }
fi
for fmt in markdown html; do
	run as_outsider "$tmp/gh" export -C "$O/demo" --format $fmt "$PKT"
	tap_is "outsider $fmt exits 0" "$rc" 0
	[ "$rc" = 0 ] || tap_diag "$err"
	tap_unlike "outsider $fmt: no restricted byte (summary)" "$out" "$MARK1"
	tap_unlike "outsider $fmt: no restricted byte (incident)" "$out" "$MARK2"
	tap_unlike "outsider $fmt: no restricted byte (link)" "$out" "$MARK3"
	tap_unlike "outsider $fmt: no restricted title" "$out" "Checkout database incidents"
	tap_like "outsider $fmt: the placeholder" "$out" \
	    "[restricted: incident-history; readable by sre, security, change-lead]"
done
run as_outsider "$tmp/gh" export -C "$O/demo" -o "$O/export.html" --format html "$PKT"
tap_is "outsider -o exits 0" "$rc" 0
tap_unlike "outsider file: no restricted byte" "$(cat "$O/export.html" 2>/dev/null)" "$MARK3"

tap_done
