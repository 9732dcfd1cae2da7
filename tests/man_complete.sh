#!/bin/sh
# man_complete.sh -- the manuals cover what the code has.  Fails when a
# command, a long option, a key binding or an environment variable exists
# in the program but not in its manual page (and, for commands and
# options, not in "gatehouse help" or the README either):
#
#   commands      "gatehouse help"            -> .SS NAME in gatehouse(1), README
#   long options  struct option tables in src -> \-\-NAME in gatehouse(1),
#                                                "gatehouse help CMD"
#   keys          "gatehouse --keys"          -> key and action in KEYS of gatehouse(1)
#   environment   getenv("NAME") in src       -> ENVIRONMENT of gatehouse(1)
#   settings      "set NAME" of the config    -> gatehouse-config(5)
#   man pages     man/*.[15]                  -> installed (dist_man_MANS), SEE ALSO
#
# Prints TAP (tests/tap.sh).  Environment: GH_BIN, GH_SRCDIR.
set -u
here=$(dirname "$0")
. "${GH_SRCDIR:-$here/..}/tests/tap.sh" 2>/dev/null || . "$here/tap.sh"
tap_need_gatehouse
src=${GH_SRCDIR:-$here/..}
man1=$src/man/gatehouse.1

# groff escapes a minus as \-; undo that to compare with plain text
plain() { sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\(em/--/g' "$@"; }
PLAIN=$(plain "$man1")
section() {	# the plain text of .SH $1 up to the next .SH
	plain "$man1" | awk -v s="$1" '/^\.SH / { on = ($0 == ".SH " s) } on'
}

# ---- commands -----------------------------------------------------------------
commands=$(LANGUAGE= LC_ALL=C "$GH_BIN" help | awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { exit }')
tap_check "gatehouse help lists commands" test -n "$commands"
for c in $commands; do
	case $PLAIN in
	*"
.SS $c
"*) tap_ok "command $c: a section in gatehouse(1)" ;;
	*) tap_not_ok "command $c: a section in gatehouse(1)" ;;
	esac
	tap_check "command $c: in the README" grep -q "gatehouse $c" "$src/README"
	tap_check "command $c: in the SYNOPSIS" sh -c "section() { :; }; printf '%s\n' \"\$1\" | awk '/^\\.SH SYNOPSIS/ { on = 1; next } /^\\.SH / { on = 0 } on' | grep -q \"^\\.B gatehouse $c\"" - "$PLAIN"
done

# ---- long options -----------------------------------------------------------------
# every struct option table: the file, and each "name" in it
awk '/struct option [a-z_]*\[\] = \{/ { on = 1; next }
	on && /\};/ { on = 0 }
	on { while (match($0, /\{ *"[a-z][a-z-]*"/)) {
		o = substr($0, RSTART, RLENGTH); sub(/\{ *"/, "", o); sub(/"$/, "", o)
		print FILENAME, o; $0 = substr($0, RSTART + RLENGTH) } }' "$src"/src/cli*.c \
	| sort -u >"${TMPDIR:-/tmp}/gh-opts.$$"
while read -r file opt; do
	case $PLAIN in
	*"--$opt"*) tap_ok "option --$opt ($(basename "$file")): in gatehouse(1)" ;;
	*) tap_not_ok "option --$opt ($(basename "$file")): in gatehouse(1)" ;;
	esac
done <"${TMPDIR:-/tmp}/gh-opts.$$"
# each command's usage line names each of its options
for c in $commands; do
	usage=$(LANGUAGE= LC_ALL=C "$GH_BIN" help "$c" 2>&1 | head -n 1)
	case $usage in *"--"*) ;; *) continue ;; esac
	for opt in $(printf '%s\n' "$usage" | grep -o -- '--[a-z][a-z-]*' | sort -u); do
		case $PLAIN in
		*"$opt"*) tap_ok "$c $opt (usage): in gatehouse(1)" ;;
		*) tap_not_ok "$c $opt (usage): in gatehouse(1)" ;;
		esac
	done
done
rm -f "${TMPDIR:-/tmp}/gh-opts.$$"

# ---- keys ---------------------------------------------------------------------------
KEYS=$(section KEYS)
"$GH_BIN" --keys >"${TMPDIR:-/tmp}/gh-keys.$$"
tap_check "gatehouse --keys lists bindings" test -s "${TMPDIR:-/tmp}/gh-keys.$$"
while IFS='	' read -r km keys action help; do
	case $KEYS in
	*".B $keys
.RB ( $action )"*) tap_ok "key $keys ($km, $action): in KEYS of gatehouse(1)" ;;
	*) tap_not_ok "key $keys ($km, $action): in KEYS of gatehouse(1)"
	   tap_diag "expected in KEYS: .B $keys / .RB ( $action )" ;;
	esac
done <"${TMPDIR:-/tmp}/gh-keys.$$"
rm -f "${TMPDIR:-/tmp}/gh-keys.$$"

# ---- environment -----------------------------------------------------------------------
ENVS=$(section ENVIRONMENT)
for v in $(grep -ho 'getenv("[A-Z_]*")' "$src"/src/*.c | sed 's/getenv("\(.*\)")/\1/' | sort -u); do
	case $ENVS in
	*"$v"*) tap_ok "environment variable $v: in ENVIRONMENT of gatehouse(1)" ;;
	*) tap_not_ok "environment variable $v: in ENVIRONMENT of gatehouse(1)" ;;
	esac
done

# ---- configuration settings ------------------------------------------------------------
if [ -f "$src/man/gatehouse-config.5" ]; then
	CONF=$(plain "$src/man/gatehouse-config.5")
	for s in $(grep -ho '{ *"[a-z][a-z-]*", *CONFIG_' "$src"/src/config*.c 2>/dev/null |
	    sed 's/{ *"\([a-z-]*\)".*/\1/' | sort -u); do
		case $CONF in
		*"$s"*) tap_ok "setting $s: in gatehouse-config(5)" ;;
		*) tap_not_ok "setting $s: in gatehouse-config(5)" ;;
		esac
	done
fi

# ---- the pages themselves ------------------------------------------------------------------
SEEALSO=$(section "SEE ALSO")
for page in "$src"/man/*.[15]; do
	name=$(basename "$page")
	tap_check "$name is installed (dist_man_MANS)" grep -q "man/$name" "$src/Makefile.am"
	tap_check "$name: man(1) renders it without warnings" \
		sh -c "! LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l '$page' 2>&1 >/dev/null | grep -q ."
	case $name in gatehouse.1) continue ;; esac
	ref=$(printf '%s' "$name" | sed 's/\.\([15]\)$/ (\1)/')
	case $SEEALSO in
	*"$(printf '%s' "$name" | sed 's/\.[15]$//')"*) tap_ok "$name: in SEE ALSO of gatehouse(1)" ;;
	*) tap_not_ok "$name: in SEE ALSO of gatehouse(1)" ;;
	esac
done
tap_done
