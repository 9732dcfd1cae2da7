#!/bin/sh
# tui_basic.sh -- the review workstation end to end, driven through tmux as
# a reviewer would over SSH: open the demo, walk the queue and every pane
# of a review session, write a comment with umlauts and CJK in the inline
# editor, sign off with conditions (after a refusal without them), check
# both commits with the git CLI, see them in the history view, resize to
# 80x24 and to 160x48 and back, open the help overlay, quit cleanly.
#
# Prints TAP (tests/tap.sh).  Environment: GH_BIN, GH_SRCDIR.  Skips when
# tmux or git is missing.
set -u
here=$(dirname "$0")
. "${GH_SRCDIR:-$here/..}/tests/tap.sh" 2>/dev/null || . "$here/tap.sh"
. "${GH_SRCDIR:-$here/..}/tests/tui_lib.sh" 2>/dev/null || . "$here/tui_lib.sh"

tui_sandbox
PKT=CHG-2026-0412

# ---- start ------------------------------------------------------------------
tui_start 100 30
tui_expect "--demo opens the queue" "CHG-2026-0412  ESCALATE"
tui_expect "queue lists every open packet" "CHG-2026-0420  COUNTER"
tui_expect "identity and HEAD in the title bar" "Zoë Lambert"
tap_check "the demo copy is a git repository" sh -c "git -C \"$DEMO\" rev-parse --verify -q HEAD >/dev/null"
tap_check "the restricted companion was copied too" test -d "$XDG_DATA_HOME/gatehouse/demo-restricted"
tap_is "nothing on stderr at start-up" "$(cat "$T/stderr")" ""
tui_expect "sign-off progress and waiting-for-me marker" "0/2  ●"

# ---- queue: sort, filter -------------------------------------------------------
tui_keys s
tui_expect "s sorts by tier" "by tier"
tui_keys s s s
tui_expect "s cycles back to deadline" "by deadline"
tui_keys f
tui_expect "f filters: escalate" "queue 2/5"
tui_keys f f f f f
tui_expect "f cycles back to all" "queue 5/5"

# ---- review session: every pane -------------------------------------------------
tui_keys g Enter
tui_expect "Enter opens the review session" "review $PKT"
tui_expect "header: verdict and authority" "ESCALATE to VP Engineering"
tui_expect "header: hard triggers" "Hard triggers (4)"
tui_expect "header: the packet detail first" "Detail: packet $PKT"
tui_keys Tab
tui_expect "Tab: the evidence pane" "Detail: evidence backup"
tui_expect "evidence detail shows its data" "last_success"
tui_keys 2
tui_expect "2: the gates pane" "Detail: gate freeze-window"
tui_keys Enter
tui_expect "Enter zooms into the detail: explanation with values" "explain: overlaps_freeze"
tui_expect "gate detail: the rule it comes from" "rule: seed 000"
tui_keys q
tui_expect "q leaves the zoom, not the session" "0 Packet"
tui_keys 3
tui_expect "3: the options pane" "Detail: option staged-after-freeze"
tui_keys 4
tui_expect "4: the precedents pane" "Detail: precedent PX-2024-002"
tui_keys Enter
tui_expect "precedent detail: the five dimensions" "Fit, dimension by dimension"
tui_keys q j
tui_expect "a precedent that does not match is shown as such" "does not support this case"

# ---- comment with umlauts and CJK ---------------------------------------------------
tui_keys 2 c
tui_expect "c opens the editor on the selected gate" "Comment on gate freeze-window"
tui_type "Größere Rückfallzeit nötig — 日本語 passt"
tui_keys Enter
tui_type "Zweite Zeile: Ärger über Öl."
tui_expect "the editor shows the wide text" "日本語 passt"
tui_expect "the draft is saved while typing" "draft saved"
tui_keys C-d
tui_expect "Ctrl-D records the comment and says in which commit" "Recorded comment on $PKT in commit"
tap_is "commit subject" "$(git -C "$DEMO" log -1 --format=%s)" \
	"comment($PKT): on gate freeze-window by Zoë Lambert"
tap_is "commit author" "$(git -C "$DEMO" log -1 --format='%an <%ae>')" "$ZOE"
tap_like "the record keeps the words" "$(git -C "$DEMO" show HEAD)" "Größere Rückfallzeit nötig — 日本語 passt"
tap_like "the record keeps the second line" "$(git -C "$DEMO" show HEAD)" "Zweite Zeile: Ärger über Öl."
tap_check "no draft is left after recording" test -z "$(ls "$DRAFTS" 2>/dev/null)"
tui_expect "the gate shows its comment count at once" "✎1"
tui_keys Enter G
tui_expect "the thread shows the comment" "Zweite Zeile: Ärger über Öl."
tui_keys q

# ---- sign-off with conditions --------------------------------------------------------
tui_keys S
tui_expect "S opens the sign-off dialog in my role" "Sign off $PKT as sre"
tui_keys Down C-d
tui_expect "no conditions: refused" "concur-with-conditions needs at least one condition; nothing recorded"
before=$(git -C "$DEMO" rev-parse HEAD)
tap_is "the refusal made no commit" "$(git -C "$DEMO" rev-parse HEAD)" "$before"
tui_type "Restore-Test wiederholen (< 90 Tage)"
tui_keys Enter
tui_type "Treiber zuerst ausrollen"
tui_keys C-d
tui_expect "the sign-off is recorded" "Recorded signoff on $PKT in commit"
tap_is "sign-off subject" "$(git -C "$DEMO" log -1 --format=%s)" \
	"signoff($PKT): concur-with-conditions by Zoë Lambert as sre"
tap_like "sign-off trailer" "$(git -C "$DEMO" log -1 --format=%B)" "Gatehouse-State: concur-with-conditions"
tap_like "sign-off conditions" "$(git -C "$DEMO" show HEAD)" "- \"Restore-Test wiederholen (< 90 Tage)\""
tap_like "sign-off records what it saw" "$(git -C "$DEMO" show HEAD)" "recommendation: \"ESCALATE"
tui_expect "the header counts the sign-off" "sign-offs 1/2"

# ---- history ------------------------------------------------------------------------
tui_keys H
tui_expect "H opens the history" "history $PKT"
tui_expect "history lists the sign-off" "signoff concur-with-conditions as sre by Zoë Lambert"
tui_expect "history lists the comment" "comment on gate:freeze-window by Zoë Lambert"
tui_keys q
tui_expect "q goes back to the session" "0 Packet"

# ---- resize ----------------------------------------------------------------------------
tui_resize 80 24
tui_expect "80x24: one pane at a time with tabs" "4 Precedents 5"
tui_keys 1
tui_expect "80x24: the evidence pane" "Detail: evidence backup"
tui_resize 160 48
tui_expect "160x48: the 2x2 grid" "3 Options 7"
tui_expect "160x48: the thread next to the detail" "Comments on evidence backup (0)"
tui_resize 100 30
tui_expect "back to 100x30" "0 Packet │ 1 Evidence"

# ---- help, quit -------------------------------------------------------------------------
tui_keys '?'
tui_expect "? opens the help of this view" "Keys of the review view"
tui_expect "help is generated from the action table" "(comment-editor)"
tui_keys q
tui_gone "Keys of the review view" || true
tui_keys q
tui_expect "q goes back to the queue" "queue 5/5"
tui_keys q
tap_is "exit status" "$(tui_exit_status)" 0
tap_is "the terminal is restored (alternate screen off)" \
	"$(tui_alt)" 0
tap_is "nothing on stderr" "$(cat "$T/stderr")" ""
tap_check "git fsck is clean" sh -c "git -C \"$DEMO\" fsck --strict >/dev/null 2>&1"
tui_stop
tap_done
