# tui_lib.sh -- drive the review workstation through tmux, as a user would.
#
# Sourced by tests/tui_*.sh after tests/tap.sh.  Each test gets a private
# tmux server (-L gh-$$, no user config), a sandbox HOME with its own XDG
# directories, a frozen date and a demo person as identity:
#
#   tui_sandbox                 make $T, $HOME, XDG_*; export the environment
#   tui_start W H [CMD [VAR=VALUE]...]
#                               run CMD (default: gatehouse --demo) in a pane
#                               of W x H with TERM=$TUI_TERM (tmux-256color);
#                               its exit status goes to $T/status, its
#                               stderr to $T/stderr, its pid to $T/pid
#   tui_alt                     1 while the pane is in the alternate screen
#   tui_resize W H              resize the window
#   tui_keys KEY...             tmux send-keys (key names: Enter, Tab, C-d ...)
#   tui_type TEXT               send TEXT literally (UTF-8)
#   tui_wait TEXT [SECONDS]     poll the screen until it shows TEXT; 0 or 1
#   tui_screen                  print the screen
#   tui_expect DESC TEXT        tap_ok when the screen shows TEXT in time
#   tui_exit_status [SECONDS]   wait for the exit status; prints it
#   tui_no_sanitizer DESC       tap_ok unless stderr has a sanitizer report
#   tui_stop                    kill the private server
#
# Environment: GH_BIN (the built binary), GH_SRCDIR (the source tree).

: "${GH_SRCDIR:=$(dirname "$0")/..}"
: "${GH_BIN:=${GH_BUILDDIR:-.}/src/gatehouse}"
command -v tmux >/dev/null 2>&1 || tap_skip_all "tmux is not installed"
command -v git >/dev/null 2>&1 || tap_skip_all "the git CLI is not installed"
[ -x "$GH_BIN" ] || tap_skip_all "gatehouse binary not found at $GH_BIN"
case $GH_BIN in /*) ;; *) GH_BIN=$(pwd)/$GH_BIN ;; esac
GH_SRCDIR=$(cd "$GH_SRCDIR" && pwd) || tap_skip_all "no source tree at $GH_SRCDIR"
[ -d "$GH_SRCDIR/data/demo" ] || tap_skip_all "no demo repository in $GH_SRCDIR/data"

TUI_SOCK=gh-$$
TUI="tmux -L $TUI_SOCK -f /dev/null"
TUI_TIMEOUT=${TUI_TIMEOUT:-15}
TUI_N=0
TUI_S=

# People of data/demo/policy/roles.yaml.
ZOE='Zoë Lambert <zoe.lambert@northwind.example>'		# sre, reviewer
JUERGEN='Jürgen Weiß <juergen.weiss@northwind.example>'	# dba, reviewer
CAMILLE='Camille Roussel <camille.roussel@northwind.example>'	# auditor

tui_sandbox() {
	T=$(mktemp -d "${TMPDIR:-/tmp}/gh-tui.XXXXXX") || tap_skip_all "mktemp failed"
	trap 'tui_stop; rm -rf "$T"' EXIT
	trap 'exit 1' HUP INT TERM
	ulimit -c 0 2>/dev/null		# the crash test leaves no core file
	HOME=$T/home
	XDG_DATA_HOME=$T/home/data
	XDG_STATE_HOME=$T/home/state
	XDG_CONFIG_HOME=$T/home/config
	mkdir -p "$HOME" "$XDG_CONFIG_HOME/gatehouse"
	GATEHOUSE_TODAY=2026-11-21
	GATEHOUSE_AUTHOR=$ZOE
	GATEHOUSE_DATADIR=$GH_SRCDIR/data
	GIT_CONFIG_NOSYSTEM=1
	export HOME XDG_DATA_HOME XDG_STATE_HOME XDG_CONFIG_HOME GATEHOUSE_TODAY GATEHOUSE_AUTHOR
	export GATEHOUSE_DATADIR GIT_CONFIG_NOSYSTEM
	unset GATEHOUSE_REPO GATEHOUSE_CONFIG GATEHOUSE_EDITOR GATEHOUSE_THEME GATEHOUSE_INDEX VISUAL EDITOR NO_COLOR LANGUAGE LC_ALL GIT_DIR GIT_WORK_TREE TMUX
	DEMO=$XDG_DATA_HOME/gatehouse/demo
	DRAFTS=$XDG_STATE_HOME/gatehouse/drafts
}

# tui_start W H [CMD] [ENV=VALUE]...: a new pane running CMD
tui_start() {
	tui_w=$1
	tui_h=$2
	tui_cmd=${3:-"$GH_BIN --demo"}
	if [ $# -ge 3 ]; then shift 3; else shift $#; fi
	rm -f "$T/status" "$T/pid"
	tui_n=$#
	while [ "$tui_n" -gt 0 ]; do	# VAR=VALUE... -> -e VAR=VALUE...
		set -- "$@" -e "$1"
		shift
		tui_n=$((tui_n - 1))
	done
	# A new session first, then the old one goes: the server never empties
	# (a server exiting while the next client connects is a race).
	tui_old=$TUI_S
	TUI_N=$((TUI_N + 1))
	TUI_S=g$TUI_N
	$TUI new-session -d -s "$TUI_S" -x "$tui_w" -y "$tui_h" -e LANG=C.UTF-8 \
		-e TERM="${TUI_TERM:-tmux-256color}" \
		-e HOME="$HOME" -e XDG_DATA_HOME="$XDG_DATA_HOME" -e XDG_STATE_HOME="$XDG_STATE_HOME" \
		-e XDG_CONFIG_HOME="$XDG_CONFIG_HOME" -e GATEHOUSE_TODAY="$GATEHOUSE_TODAY" \
		-e GATEHOUSE_AUTHOR="$GATEHOUSE_AUTHOR" -e GATEHOUSE_DATADIR="$GATEHOUSE_DATADIR" \
		-e GIT_CONFIG_NOSYSTEM=1 "$@" \
		"sh -c 'echo \$\$ > $T/pid; exec $tui_cmd' 2>$T/stderr; echo \$? > $T/status; sleep 120"
	[ -n "$tui_old" ] && $TUI kill-session -t "$tui_old" 2>/dev/null
	return 0
}

tui_keys() {
	$TUI send-keys -t "$TUI_S" "$@"
}

tui_type() {
	$TUI send-keys -t "$TUI_S" -l "$1"
}

tui_screen() {
	$TUI capture-pane -p -t "$TUI_S"
}

# tui_wait TEXT [SECONDS]: 0 once the screen shows TEXT
tui_wait() {
	tui_n=$(( ${2:-$TUI_TIMEOUT} * 20 ))
	while [ "$tui_n" -gt 0 ]; do
		case $(tui_screen 2>/dev/null) in
		*"$1"*) return 0 ;;
		esac
		sleep 0.05
		tui_n=$((tui_n - 1))
	done
	return 1
}

# tui_gone TEXT [SECONDS]: 0 once the screen no longer shows TEXT
tui_gone() {
	tui_n=$(( ${2:-$TUI_TIMEOUT} * 20 ))
	while [ "$tui_n" -gt 0 ]; do
		case $(tui_screen 2>/dev/null) in
		*"$1"*) ;;
		*) return 0 ;;
		esac
		sleep 0.05
		tui_n=$((tui_n - 1))
	done
	return 1
}

tui_expect() {
	if tui_wait "$2"; then
		tap_ok "$1"
	else
		tap_not_ok "$1"
		tap_diag "expected on screen: $2" "screen:" "$(tui_screen)"
	fi
}

tui_exit_status() {
	tui_n=$(( ${1:-$TUI_TIMEOUT} * 20 ))
	while [ "$tui_n" -gt 0 ] && [ ! -s "$T/status" ]; do
		sleep 0.05
		tui_n=$((tui_n - 1))
	done
	cat "$T/status" 2>/dev/null || echo none
}

# tui_no_sanitizer DESC: no AddressSanitizer/UBSan/LeakSanitizer report on
# the last session's stderr (the CI sanitizer pass runs these tests too)
tui_no_sanitizer() {
	case $(cat "$T/stderr" 2>/dev/null) in
	*Sanitizer*|*"runtime error"*)
		tap_not_ok "$1"
		tap_diag "$(cat "$T/stderr")"
		;;
	*) tap_ok "$1" ;;
	esac
}

tui_alt() {
	$TUI display-message -p -t "$TUI_S" '#{alternate_on}'
}

tui_resize() {
	$TUI resize-window -t "$TUI_S" -x "$1" -y "$2"
}

tui_stop() {
	$TUI kill-server 2>/dev/null
}
