#!/bin/sh
# install.sh -- "make install" into a DESTDIR from the build tree, then:
#
#   - every file is in place: the binary, the demo and its policy pack, the
#     four themes, the five manual pages, the German catalog, the bash
#     completion;
#   - the installed binary, in a cleared environment and another
#     directory, runs on its installed data (GATEHOUSE_DATADIR and
#     GATEHOUSE_LOCALEDIR point into the DESTDIR): the demo's evaluation
#     without a terminal, German from the installed .mo, an installed
#     theme found; it never looks at the source tree, while the build
#     tree's binary does;
#   - the completion script parses and completes commands, options,
#     formats, sign-off states and packet ids (of a bare repository too);
#   - "make uninstall" leaves no file behind.
#
# Prints TAP (tests/tap.sh).  Environment: GH_BUILDDIR (the build tree),
# GH_MAKE (the make that builds it), GH_SRCDIR, GH_BIN.
set -u

here=$(dirname "$0")
: "${GH_SRCDIR:=$here/..}"
if [ -f "$here/tap.sh" ]; then
	. "$here/tap.sh"
else
	. "$GH_SRCDIR/tests/tap.sh"
fi
tap_need_gatehouse
[ -n "${GH_BUILDDIR:-}" ] && [ -f "$GH_BUILDDIR/Makefile" ] || tap_skip_all "no build tree (GH_BUILDDIR)"
command -v bash >/dev/null 2>&1 || tap_skip_all "bash is not installed"
: "${GH_MAKE:=make}"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/gh-install.XXXXXX") || tap_skip_all "mktemp failed"
trap 'rm -rf "$tmp"' EXIT HUP INT TERM
dest=$tmp/dest
prefix=/usr/local
root=$dest$prefix

# The install runs on its own, not as part of the make that runs the tests.
inner_make() {
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL $GH_MAKE -C "$GH_BUILDDIR" "$@" \
		DESTDIR="$dest" prefix="$prefix" >>"$tmp/make.log" 2>&1
}

if inner_make install; then
	tap_ok "make install DESTDIR=... prefix=$prefix"
else
	tap_not_ok "make install DESTDIR=... prefix=$prefix"
	tap_diag "$(tail -20 "$tmp/make.log")"
fi

# ---- every file in place -----------------------------------------------------------
missing=
for f in bin/gatehouse \
	share/gatehouse/demo/gatehouse.yaml share/gatehouse/demo/policy/roles.yaml \
	share/gatehouse/demo/packets/CHG-2026-0412/request.yaml \
	share/gatehouse/themes/default-dark share/gatehouse/themes/light \
	share/gatehouse/themes/high-contrast share/gatehouse/themes/monochrome \
	share/man/man1/gatehouse.1 share/man/man5/gatehouse-packet.5 \
	share/man/man5/gatehouse-policy.5 share/man/man5/gatehouse-themes.5 \
	share/man/man5/gatehouse-config.5 \
	share/locale/de/LC_MESSAGES/gatehouse.mo; do
	[ -f "$root/$f" ] || missing="$missing $f"
done
tap_is "installed: binary, demo, themes, five manuals, German catalog" "$missing" ""
tap_is "the binary is executable" "$([ -x "$root/bin/gatehouse" ] && echo yes)" yes
completion=$(find "$dest" -path '*/bash-completion/completions/gatehouse' -type f)
tap_like "the bash completion is installed under the prefix" "$completion" \
	"$root/share/bash-completion/completions/gatehouse"

# ---- the installed binary on its installed data ----------------------------------------
bin=$root/bin/gatehouse
mkdir -p "$tmp/home" "$tmp/cwd"
# run ENV...: the installed binary in a cleared environment, from elsewhere
run() {
	(cd "$tmp/cwd" && env -i HOME="$tmp/home" PATH=/usr/bin:/bin \
		GATEHOUSE_DATADIR="$root/share/gatehouse" GATEHOUSE_LOCALEDIR="$root/share/locale" \
		"$@")
}
out=$(run "$bin" --demo </dev/null 2>"$tmp/err")
tap_is "--demo without a terminal: exit 0" "$?" 0
tap_like "--demo: the evaluation from the installed demo" "$out" "Recommendation: ESCALATE"
tap_is "--demo: the copy comes from the installed data" \
	"$(cmp "$root/share/gatehouse/demo/gatehouse.yaml" "$tmp/home/.local/share/gatehouse/demo/gatehouse.yaml" && echo same)" same
out=$(run LANGUAGE=de LANG=C.UTF-8 "$bin" --demo </dev/null 2>&1)
tap_like "LANGUAGE=de: German from the installed catalog" "$out" "Empfehlung: ESCALATE an VP Engineering"
out=$(run LANGUAGE=de LANG=C.UTF-8 "$bin" --help 2>&1)
tap_like "LANGUAGE=de: --help in German" "$out" "Befehle:"
mkdir -p "$tmp/home/.config/gatehouse"
printf 'set theme = high-contrast\n' >"$tmp/home/.config/gatehouse/config"
out=$(run "$bin" config --check 2>&1)
tap_like "an installed theme is found" "$out" "no problems"
printf 'set theme = no-such-theme\n' >"$tmp/home/.config/gatehouse/config"
out=$(cd "$tmp/cwd" && env -i HOME="$tmp/home" PATH=/usr/bin:/bin "$bin" config --check 2>&1)
tap_unlike "the installed binary never looks in the source tree" "$out" "$GH_SRCDIR/data"
out=$(cd "$tmp/cwd" && env -i HOME="$tmp/home" PATH=/usr/bin:/bin "$GH_BIN" config --check 2>&1)
tap_like "the build tree's binary uses the source tree's data" "$out" "$GH_SRCDIR/data/themes"
rm -f "$tmp/home/.config/gatehouse/config"

# ---- bash completion ------------------------------------------------------------------
bash -n "$completion" 2>"$tmp/err"
tap_is "bash -n on the completion script" "$?:$(cat "$tmp/err")" "0:"
git clone -q --bare "$tmp/home/.local/share/gatehouse/demo" "$tmp/bare.git" 2>/dev/null
cat >"$tmp/complete.bash" <<'SH'
. "$COMPLETION"
# c WORDS...: complete the last word; the candidates on one line
c() {
	COMP_WORDS=("$@")
	COMP_CWORD=$(($# - 1))
	COMPREPLY=()
	_gatehouse gatehouse "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
	echo "${COMPREPLY[*]}"
}
echo "commands: $(c gatehouse '')"
echo "s: $(c gatehouse s)"
echo "queue options: $(c gatehouse queue --s)"
echo "evaluate formats: $(c gatehouse evaluate --format '')"
echo "log formats: $(c gatehouse log -f '')"
echo "states: $(c gatehouse signoff -C "$DEMO" CHG-2026-0412 '')"
echo "packets: $(c gatehouse comment -C "$DEMO" CHG-2026-04)"
echo "bare: $(c gatehouse history -C "$BARE" '')"
echo "env: $(GATEHOUSE_REPO=$BARE c gatehouse log CHG-2026-03)"
echo "help: $(c gatehouse help qu)"
echo "file: $(c gatehouse comment -F "$FILEDIR/no")"
complete -p gatehouse
SH
printf 'x\n' >"$tmp/notes.txt"
out=$(cd "$tmp/cwd" && env -i HOME="$tmp/home" PATH="$root/bin:/usr/bin:/bin" COMPLETION="$completion" \
	DEMO="$tmp/home/.local/share/gatehouse/demo" BARE="$tmp/bare.git" FILEDIR="$tmp" \
	bash "$tmp/complete.bash" 2>&1)
cmds=$(LANGUAGE= LC_ALL=C "$GH_BIN" help | awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { printf "%s%s", sep, $1; sep = " " } on && /^$/ { exit }')
tap_like "completion: commands from gatehouse --help" "$out" "commands: $cmds"
tap_like "completion: commands by prefix" "$out" "s: signoff sync search"
tap_like "completion: a command's options" "$out" "queue options: --state --stale --sort"
tap_like "completion: evaluate's formats" "$out" "evaluate formats: text json markdown"
tap_like "completion: log's formats" "$out" "log formats: text json"
tap_like "completion: sign-off states" "$out" "states: concur concur-with-conditions dissent recuse"
tap_like "completion: packet ids of a work tree" "$out" \
	"packets: CHG-2026-0412 CHG-2026-0420 CHG-2026-0431 CHG-2026-0433"
tap_like "completion: packet ids of a bare repository" "$out" \
	"bare: CHG-2026-0398 CHG-2026-0412 CHG-2026-0420 CHG-2026-0431 CHG-2026-0433"
tap_like "completion: the repository of GATEHOUSE_REPO" "$out" "env: CHG-2026-0398"
tap_like "completion: help COMMAND" "$out" "help: queue"
tap_like "completion: files for -F" "$out" "file: $tmp/notes.txt"
tap_like "completion: registered for gatehouse" "$out" "complete -F _gatehouse gatehouse"

# ---- uninstall ----------------------------------------------------------------------
if inner_make uninstall; then
	tap_ok "make uninstall"
else
	tap_not_ok "make uninstall"
	tap_diag "$(tail -20 "$tmp/make.log")"
fi
tap_is "make uninstall leaves no file" "$(cd "$dest" && find . -type f -o -type l)" ""
tap_done
