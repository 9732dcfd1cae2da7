#!/bin/sh
# tui_index.sh -- where the workstation's queue comes from.  A git
# repository is read through its SQLite index (first frame without loading
# every packet; a packet is loaded when opened); a plain directory, or a
# repository whose index cannot be opened, is loaded whole.  Each way must
# show the same queue and open the same review session.
#
# Prints TAP (tests/tap.sh).  Environment: GH_BIN, GH_SRCDIR.
set -u
here=$(dirname "$0")
. "${GH_SRCDIR:-$here/..}/tests/tap.sh" 2>/dev/null || . "$here/tap.sh"
. "${GH_SRCDIR:-$here/..}/tests/tui_lib.sh" 2>/dev/null || . "$here/tui_lib.sh"

tui_sandbox
PKT=CHG-2026-0412
AMARA="Amara Okonkwo <amara.okonkwo@northwind.example>"

row() {	# the queue line of packet $1
	tui_screen | grep -m 1 "$1"
}

# ---- a git repository: through the index ---------------------------------------
tui_start 100 30
tui_expect "the queue comes up" "$PKT  ESCALATE"
tap_check "the index was built in the user's cache" \
	sh -c "ls \"$HOME\"/.cache/gatehouse/*.sqlite >/dev/null 2>&1"
tui_expect "sign-off progress from the index" "0/2  ●"
tui_keys Enter
tui_expect "Enter loads the packet: its review session" "0 Packet │ 1 Evidence"
tui_expect "the packet's header: verdict and route" "ESCALATE to"
tui_keys q

# another reviewer signs off with the CLI while the workstation is open
GATEHOUSE_AUTHOR=$AMARA "$GH_BIN" signoff -C "$DEMO" "$PKT" concur >/dev/null 2>&1
tap_is "the CLI sign-off was recorded" "$?" 0
tui_keys R
tui_expect "R: the index takes the new commit in" "Loaded HEAD"
tui_wait "1/2" >/dev/null
case $(row "$PKT") in
*" 1/2 "*) tap_ok "the other sre sign-off counts in the queue" ;;
*) tap_not_ok "the other sre sign-off counts in the queue"; tap_diag "$(tui_screen)" ;;
esac
case $(row "$PKT") in
*●*) tap_not_ok "no longer waiting for me: the sre role is covered"; tap_diag "$(row "$PKT")" ;;
*) tap_ok "no longer waiting for me: the sre role is covered" ;;
esac
tui_keys Enter
tui_expect "the review session sees the sign-off too" "sign-offs 1/2"
tui_keys q q
tap_is "exit status" "$(tui_exit_status)" 0
tap_is "nothing on stderr" "$(cat "$T/stderr")" ""

# ---- an index that cannot be opened: loaded whole, said so ---------------------------
printf 'not a directory\n' >"$T/cachefile"
tui_start 100 30 "$GH_BIN --demo" XDG_CACHE_HOME="$T/cachefile/sub"
tui_expect "without an index the queue still comes up" "$PKT  ESCALATE"
tui_expect "... and the status bar says why it is slower" "no index"
tui_expect "... with the same sign-off progress" "1/2"
tui_keys Enter
tui_expect "... and the same review session" "sign-offs 1/2"
tui_keys q q
tap_is "exit status without an index" "$(tui_exit_status)" 0

# ---- a plain directory: read-only, loaded whole ---------------------------------------
cp -R "$GH_SRCDIR/data/demo" "$T/plain"
nidx=$(ls "$HOME"/.cache/gatehouse/ 2>/dev/null | wc -l)
tui_start 100 30 "$GH_BIN" GATEHOUSE_REPO="$T/plain"
tui_expect "a plain directory opens" "$PKT  ESCALATE"
tui_expect "its queue lists every open packet" "CHG-2026-0420  COUNTER"
tui_keys Enter
tui_expect "its review session" "0 Packet │ 1 Evidence"
tui_keys c
tui_expect "nothing can be recorded in it" "read-only"
tui_keys q q
tap_is "exit status of the plain directory" "$(tui_exit_status)" 0
tap_is "no index for a plain directory" "$(ls "$HOME"/.cache/gatehouse/ 2>/dev/null | wc -l)" "$nidx"
tui_stop
tap_done
