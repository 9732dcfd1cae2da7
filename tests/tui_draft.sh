#!/bin/sh
# tui_draft.sh -- never lose a reviewer's words: the comment being written
# is kept as a private draft on every keystroke; a SIGHUP (the SSH session
# dropped) saves it and gives the terminal back; the next time the packet
# is opened the draft is offered back and can be recorded.  Esc asks
# before throwing words away.
#
# Prints TAP (tests/tap.sh).  Environment: GH_BIN, GH_SRCDIR.
set -u
here=$(dirname "$0")
. "${GH_SRCDIR:-$here/..}/tests/tap.sh" 2>/dev/null || . "$here/tap.sh"
. "${GH_SRCDIR:-$here/..}/tests/tui_lib.sh" 2>/dev/null || . "$here/tui_lib.sh"

tui_sandbox
PKT=CHG-2026-0412

# ---- Esc asks before discarding ---------------------------------------------------
tui_start 100 30
tui_expect "the queue is up" "CHG-2026-0412  ESCALATE"
tui_keys Enter c
tui_expect "c on the header comments on the packet" "Comment on $PKT"
tui_type "nur ein Versuch"
tui_keys Escape
tui_expect "Esc with text asks first" "Discard this comment? (y/n)"
tui_keys n
tui_expect "n keeps the editor and the text" "nur ein Versuch"
tui_keys Escape
tui_wait "Discard this comment?" >/dev/null
tui_keys y
tui_expect "y discards" "Comment discarded"
tap_check "a discarded comment leaves no draft" test -z "$(ls "$DRAFTS" 2>/dev/null)"

# ---- SIGHUP while writing ------------------------------------------------------------
tui_keys 2 c
tui_expect "the editor is open on the gate" "Comment on gate freeze-window"
tui_type "Entwurf: Rückfallzeit über 4h — 検証"
tui_keys Enter
tui_type "zweite Zeile"
tui_expect "typed" "zweite Zeile"
draft=$(ls "$DRAFTS"/*-"$PKT"-gate-freeze-window.txt 2>/dev/null)
tap_check "the draft exists while typing" test -f "$draft"
tap_is "the draft is private (0600)" "$(stat -c %a "$draft" 2>/dev/null)" 600
tap_is "the draft directory is private (0700)" "$(stat -c %a "$DRAFTS" 2>/dev/null)" 700
kill -HUP "$(cat "$T/pid")"
tap_is "SIGHUP: exit status 129" "$(tui_exit_status)" 129
tap_is "SIGHUP: the terminal is restored" "$(tui_alt)" 0
tap_is "SIGHUP: the draft keeps every word" "$(cat "$draft" 2>/dev/null)" \
	"$(printf 'Entwurf: Rückfallzeit über 4h — 検証\nzweite Zeile')"
tui_no_sanitizer "SIGHUP: no sanitizer report"
tap_is "SIGHUP: nothing was recorded" "$(git -C "$DEMO" log --oneline | wc -l | tr -d ' ')" 1

# ---- reopen: the draft is offered back ---------------------------------------------------
tui_start 100 30
tui_expect "restarted" "CHG-2026-0412  ESCALATE"
tui_keys Enter
tui_expect "opening the packet offers the draft back" "Restore unsent comment on gate freeze-window? (y/n)"
tui_keys y
tui_expect "y restores the text in the editor" "Entwurf: Rückfallzeit über 4h — 検証"
tui_keys C-d
tui_expect "the restored comment is recorded" "Recorded comment on $PKT in commit"
tap_like "the record has both lines" "$(git -C "$DEMO" show HEAD)" "zweite Zeile"
tap_check "the draft is gone once recorded" test ! -e "$draft"

# ---- SIGTERM in a session: a clean exit -----------------------------------------------------
kill -TERM "$(cat "$T/pid")"
tap_is "SIGTERM: exit status 143" "$(tui_exit_status)" 143
tap_is "SIGTERM: the terminal is restored" "$(tui_alt)" 0
tui_no_sanitizer "SIGTERM: no sanitizer report"

# ---- a crash (SIGABRT) while writing: terminal back, words kept -------------------------------
tui_start 100 30
tui_wait "CHG-2026-0412  ESCALATE" >/dev/null
tui_keys Enter 4 c
tui_expect "the editor is open on a precedent" "Comment on precedent PX-2024-002"
tui_type "Absturz: Wörter bleiben"
tui_expect "typed before the crash" "Wörter bleiben"
kill -ABRT "$(cat "$T/pid")"
tap_is "SIGABRT: the program dies of it" "$(tui_exit_status)" 134
tap_is "SIGABRT: the terminal is restored" "$(tui_alt)" 0
tap_is "SIGABRT: the draft keeps the words" \
	"$(cat "$DRAFTS"/*-"$PKT"-precedent-PX-2024-002.txt 2>/dev/null)" "Absturz: Wörter bleiben"
tui_stop
tap_done
