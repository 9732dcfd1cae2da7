# tap.sh -- a tiny TAP producer for POSIX sh test scripts.
#
# Source it, call the checks, end with tap_done:
#
#   . "$(dirname "$0")/tap.sh"
#   tap_ok "it works"                      # ok 1 - it works
#   tap_not_ok "it broke"                  # not ok 2 - it broke
#   tap_check "true succeeds" true         # ok/not ok by a command's status
#   tap_is "exit status" "$rc" 0           # ok/not ok by string equality
#   tap_like "says hi" "$out" "hi"         # ok/not ok: text contains a string
#   tap_unlike "no error" "$out" "error"   # ok/not ok: text lacks a string
#   tap_skip "needs python3" "no python3"  # ok 3 - ... # SKIP no python3
#   tap_diag "any" "lines"                 # "# any", "# lines"
#   tap_done                               # prints the plan "1..N"
#
# The plan comes last, so a script need not count its checks.  A script
# that cannot run at all calls tap_skip_all REASON instead.

tap_n=0
tap_failed=0

tap_diag() {
	for tap_line in "$@"; do
		printf '%s\n' "$tap_line" | sed 's/^/# /'
	done
}

tap_ok() {
	tap_n=$((tap_n + 1))
	printf 'ok %d - %s\n' "$tap_n" "$*"
}

tap_not_ok() {
	tap_n=$((tap_n + 1))
	tap_failed=$((tap_failed + 1))
	printf 'not ok %d - %s\n' "$tap_n" "$*"
}

tap_skip() {
	tap_n=$((tap_n + 1))
	printf 'ok %d - %s # SKIP %s\n' "$tap_n" "$1" "$2"
}

# tap_check DESCRIPTION COMMAND [ARG]...
tap_check() {
	tap_desc=$1
	shift
	if "$@"; then
		tap_ok "$tap_desc"
	else
		tap_not_ok "$tap_desc"
		tap_diag "command failed: $*"
	fi
}

# tap_is DESCRIPTION GOT WANT
tap_is() {
	if [ "$2" = "$3" ]; then
		tap_ok "$1"
	else
		tap_not_ok "$1"
		tap_diag "got:  '$2'" "want: '$3'"
	fi
}

# tap_like DESCRIPTION TEXT SUBSTRING
tap_like() {
	case $2 in
	*"$3"*)
		tap_ok "$1"
		;;
	*)
		tap_not_ok "$1"
		tap_diag "expected to find: $3" "in:" "$2"
		;;
	esac
}

# tap_unlike DESCRIPTION TEXT SUBSTRING
tap_unlike() {
	case $2 in
	*"$3"*)
		tap_not_ok "$1"
		tap_diag "did not expect: $3" "in:" "$2"
		;;
	*)
		tap_ok "$1"
		;;
	esac
}

tap_skip_all() {
	printf '1..0 # SKIP %s\n' "$*"
	exit 0
}

tap_done() {
	printf '1..%d\n' "$tap_n"
	if [ "$tap_failed" -gt 0 ]; then
		tap_diag "$tap_failed of $tap_n checks failed"
	fi
	exit 0
}

# tap_need_gatehouse: make GH_BIN and GH_SRCDIR absolute, check that the
# binary, the git CLI and the demo repository are there, and set $demo;
# skip the whole script when one is missing.
tap_need_gatehouse() {
	: "${GH_BIN:=${GH_BUILDDIR:-.}/src/gatehouse}"
	[ -x "$GH_BIN" ] || tap_skip_all "gatehouse binary not found at $GH_BIN"
	case $GH_BIN in /*) ;; *) GH_BIN=$(pwd)/$GH_BIN ;; esac
	GH_SRCDIR=$(cd "$GH_SRCDIR" && pwd) || tap_skip_all "no source tree at $GH_SRCDIR"
	command -v git >/dev/null 2>&1 || tap_skip_all "the git CLI is not installed"
	demo=$GH_SRCDIR/data/demo
	[ -d "$demo/policy" ] || tap_skip_all "no demo repository at $demo"
}

# ---- helpers of the CLI scripts (they set $tmp, a private directory) -------

# tap_test_env: messages in English, no repository or git directory from
# the caller, no system git config, and the git CLI committing as "Test
# Setup" when a script sets something up itself.
tap_test_env() {
	LC_ALL=C
	LANGUAGE=
	GIT_CONFIG_NOSYSTEM=1
	GIT_AUTHOR_NAME="Test Setup"
	GIT_AUTHOR_EMAIL=setup@example.com
	GIT_COMMITTER_NAME=$GIT_AUTHOR_NAME
	GIT_COMMITTER_EMAIL=$GIT_AUTHOR_EMAIL
	export LC_ALL LANGUAGE GIT_CONFIG_NOSYSTEM GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL \
	    GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL
	unset GATEHOUSE_REPO GIT_DIR GIT_WORK_TREE
}

# run CMD [ARG]...: sets $rc, $out (stdout) and $err (stderr)
run() {
	"$@" >"$tmp/.out" 2>"$tmp/.err"
	rc=$?
	out=$(cat "$tmp/.out")
	err=$(cat "$tmp/.err")
}

# as_quiet WHO CMD...: a gatehouse record command as that person, its
# failure reported as a diagnostic
as_quiet() {
	as_who=$1
	shift
	GATEHOUSE_AUTHOR=$as_who "$GH_BIN" "$@" >/dev/null 2>"$tmp/.as-err" ||
		tap_diag "gatehouse $* failed:" "$(cat "$tmp/.as-err")"
}

# commit DATE MESSAGE: commit everything with the git CLI at DATE
commit() {
	git add -A . && GIT_AUTHOR_DATE=$1 GIT_COMMITTER_DATE=$1 git commit -qm "$2"
}
