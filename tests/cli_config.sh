#!/bin/sh
# cli_config.sh -- the configuration file (gatehouse-config(5)) end to end:
#
#   - no file is fine; "gatehouse config" shows every setting and its origin;
#   - each setting takes effect: repository (a command from another
#     directory opens it, ~ expanded), identity (the commit author of a
#     comment), index (the SQLite file appears where configured: directory
#     or .sqlite file), editor (run for "comment" on a terminal, before
#     $VISUAL), theme (reported, and checked by --check);
#   - precedence: option > GATEHOUSE_* variable > file > VISUAL/EDITOR and
#     XDG defaults > built-in default;
#   - every bad entry: the exact file:line:col warning on stderr, once, the
#     command still works with the default; --check lists them (with bind
#     lines and a missing theme) and exits 1;
#   - an unreadable file is a warning, not an error; GATEHOUSE_CONFIG.
#
# Prints TAP (tests/tap.sh).  Environment: GH_BIN, GH_SRCDIR.
set -u

here=$(dirname "$0")
: "${GH_SRCDIR:=$here/..}"
if [ -f "$here/tap.sh" ]; then
	. "$here/tap.sh"
else
	. "$GH_SRCDIR/tests/tap.sh"
fi
tap_need_gatehouse

tmp=$(mktemp -d "${TMPDIR:-/tmp}/gh-config.XXXXXX") || tap_skip_all "mktemp failed"
trap 'rm -rf "$tmp"' EXIT HUP INT TERM

tap_test_env
GATEHOUSE_TODAY=2026-11-21
HOME=$tmp/home
XDG_CONFIG_HOME=$tmp/home/cfg
XDG_CACHE_HOME=$tmp/cache
export GATEHOUSE_TODAY HOME XDG_CONFIG_HOME XDG_CACHE_HOME
unset GATEHOUSE_REPO GATEHOUSE_AUTHOR GATEHOUSE_DATADIR GATEHOUSE_CONFIG GATEHOUSE_THEME \
	GATEHOUSE_EDITOR GATEHOUSE_INDEX VISUAL EDITOR GIT_DIR GIT_WORK_TREE NO_COLOR

ZOE='Zoë Lambert <zoe.lambert@northwind.example>'
JUERGEN='Jürgen Weiß <juergen.weiss@northwind.example>'
PKT=CHG-2026-0412
cfg=$XDG_CONFIG_HOME/gatehouse/config
mkdir -p "$XDG_CONFIG_HOME/gatehouse" "$tmp/elsewhere"

# The demo as a git repository in the sandbox home.
repo=$HOME/reviews/platform
mkdir -p "$HOME/reviews"
cp -R "$demo" "$repo" && git -C "$repo" init -q -b main && git -C "$repo" add -A &&
	git -C "$repo" commit -q -m "demo" || tap_skip_all "cannot set up a git repository"

# gh ARGS...: run from elsewhere; stdout in $out, stderr in $err, status in $rc
gh() {
	out=$(cd "$tmp/elsewhere" && "$GH_BIN" "$@" 2>"$tmp/err")
	rc=$?
	err=$(cat "$tmp/err")
}

# ---- no file ------------------------------------------------------------------
gh config --check
tap_is "no file: --check exit 0" "$rc" 0
tap_is "no file: --check says so" "$out" "$cfg: no such file; the defaults are used"
gh config --path
tap_is "--path names the file" "$out" "$cfg"
gh config
tap_like "no file: repository defaults to ." "$out" "$(printf 'set repository = .\t# default')"
tap_like "no file: theme default" "$out" "$(printf 'set theme = default-dark\t# default')"
tap_like "no file: editor vi" "$out" "$(printf 'set editor = vi\t# default')"
tap_like "no file: index under XDG_CACHE_HOME" "$out" "$(printf 'set index = %s/gatehouse\t# default' "$XDG_CACHE_HOME")"
gh evaluate "$PKT"
tap_is "no file, no repository here: a usage error" "$rc" 2

# ---- each setting takes effect ------------------------------------------------------------
cat >"$cfg" <<CFG
# a complete configuration
set repository = ~/reviews/platform
set identity = $ZOE   # the sre
set theme = light
set editor = $tmp/ed.sh
set index = ~/idx
bind queue x sort
CFG
gh config --check
tap_is "a good file: --check exit 0" "$rc" 0
tap_is "a good file: no problems" "$out" "$cfg: no problems"
gh config
tap_is "config: no warnings" "$err" ""
tap_like "config: repository from the file, ~ expanded" "$out" \
	"$(printf 'set repository = %s\t# %s:2' "$repo" "$cfg")"
tap_like "config: identity from the file" "$out" "$(printf 'set identity = %s\t# %s:3' "$ZOE" "$cfg")"
tap_like "config: theme from the file" "$out" "$(printf 'set theme = light\t# %s:4' "$cfg")"
tap_like "config: index from the file" "$out" "$(printf 'set index = %s/idx\t# %s:6' "$HOME" "$cfg")"

gh evaluate "$PKT"
tap_is "repository: evaluate from another directory" "$rc" 0
tap_like "repository: the configured repository's packet" "$out" "Recommendation: ESCALATE"
gh comment -m "Configured reviewer speaking." "$PKT"
tap_is "identity: comment recorded" "$rc" 0
tap_is "identity: the commit author is the configured identity" \
	"$(git -C "$repo" log -1 --format='%an <%ae>')" "$ZOE"
tap_like "identity: the subject names her" "$(git -C "$repo" log -1 --format=%s)" "by Zoë Lambert"
gh queue
tap_is "index: queue works" "$rc" 0
set -- "$HOME"/idx/*.sqlite
tap_is "index: the file is in the configured directory" "$#:$([ -f "$1" ] && echo yes)" "1:yes"
tap_is "index: nothing in XDG_CACHE_HOME" "$(ls "$XDG_CACHE_HOME/gatehouse" 2>/dev/null)" ""

# the editor: "comment" on a terminal (script(1) gives one)
cat >"$tmp/ed.sh" <<'ED'
#!/bin/sh
printf 'Written by the configured editor.\n' >"$1"
ED
cat >"$tmp/visual.sh" <<'ED'
#!/bin/sh
printf 'Written by VISUAL.\n' >"$1"
ED
chmod +x "$tmp/ed.sh" "$tmp/visual.sh"
if command -v script >/dev/null 2>&1 && script -qec true /dev/null >/dev/null 2>&1; then
	(cd "$tmp/elsewhere" && VISUAL=$tmp/visual.sh script -qec "'$GH_BIN' comment $PKT" /dev/null) >/dev/null 2>&1
	tap_like "editor: the file's editor wins over \$VISUAL" "$(git -C "$repo" show HEAD)" \
		"Written by the configured editor."
	(cd "$tmp/elsewhere" && VISUAL=$tmp/visual.sh GATEHOUSE_EDITOR=$tmp/visual.sh \
		script -qec "'$GH_BIN' comment $PKT" /dev/null) >/dev/null 2>&1
	tap_like "editor: GATEHOUSE_EDITOR wins over the file" "$(git -C "$repo" show HEAD)" \
		"Written by VISUAL."
else
	tap_skip "editor: the file's editor" "no script(1)"
	tap_skip "editor: GATEHOUSE_EDITOR" "no script(1)"
fi
VISUAL=$tmp/visual.sh gh config
tap_like "editor: shown from the file despite \$VISUAL" "$out" "$(printf 'set editor = %s/ed.sh\t# %s:5' "$tmp" "$cfg")"

# an index file
printf 'set repository = ~/reviews/platform\nset index = ~/one.sqlite\n' >"$cfg"
gh queue
tap_is "index: a .sqlite value is the file itself" "$rc:$([ -f "$HOME/one.sqlite" ] && echo yes)" "0:yes"

# ---- precedence ----------------------------------------------------------------------------
printf 'set repository = ~/reviews/platform\nset identity = %s\n' "$ZOE" >"$cfg"
GATEHOUSE_REPO=$tmp/nowhere gh evaluate "$PKT"
tap_is "GATEHOUSE_REPO beats the file" "$rc" 2
tap_like "GATEHOUSE_REPO beats the file: names it" "$err" "$tmp/nowhere"
GATEHOUSE_REPO=$tmp/nowhere gh evaluate -C "$repo" "$PKT"
tap_is "-C beats GATEHOUSE_REPO" "$rc" 0
GATEHOUSE_REPO=$tmp/nowhere gh config
tap_like "config shows the variable as origin" "$out" \
	"$(printf 'set repository = %s/nowhere\t# environment GATEHOUSE_REPO' "$tmp")"
GATEHOUSE_AUTHOR=$JUERGEN gh comment -m "From the environment." "$PKT"
tap_is "GATEHOUSE_AUTHOR beats the file" "$(git -C "$repo" log -1 --format='%an <%ae>')" "$JUERGEN"
GATEHOUSE_INDEX=$tmp/envidx gh queue
set -- "$tmp"/envidx/*.sqlite
tap_is "GATEHOUSE_INDEX beats the file's default" "$#:$([ -f "$1" ] && echo yes)" "1:yes"
GATEHOUSE_THEME=monochrome gh config
tap_like "GATEHOUSE_THEME" "$out" "$(printf 'set theme = monochrome\t# environment GATEHOUSE_THEME')"
printf 'theme high-contrast\n' >"$cfg"
gh config
tap_like "the old 'theme NAME' line still sets the theme" "$out" \
	"$(printf 'set theme = high-contrast\t# %s:1' "$cfg")"

# ---- bad entries ---------------------------------------------------------------------------
cat >"$cfg" <<'CFG'
# every line below line 1 is wrong
set repository = reviews/platform
set editr = vim
set theme light
set identity = Jane Doe
frobnicate now
set index =
set colour = red
bind queue Z no-such-action
theme no-such-theme
CFG
w="warning:"
gh evaluate -C "$repo" "$PKT"
tap_is "bad file: the command still works" "$rc" 0
tap_like "bad file: still evaluates" "$out" "Recommendation: ESCALATE"
tap_like "bad path" "$err" \
	"$cfg:2:18: $w bad repository 'reviews/platform': expected an absolute path or one starting with ~/"
tap_like "unknown setting, did you mean" "$err" "$cfg:3:5: $w unknown setting 'editr'; did you mean 'editor'?"
tap_like "missing =" "$err" "$cfg:4:11: $w expected '=' after 'theme'"
tap_like "bad identity" "$err" "$cfg:5:16: $w bad identity 'Jane Doe': expected 'Name <email>'"
tap_like "unknown command" "$err" "$cfg:6:1: $w unknown command 'frobnicate' (set, bind or theme)"
tap_like "missing value" "$err" "$cfg:7:12: $w missing value for 'index'"
tap_like "unknown setting far from any" "$err" \
	"$cfg:8:5: $w unknown setting 'colour' (repository, identity, theme, editor or index)"
tap_unlike "commands leave bind lines to the workstation" "$err" "no-such-action"
tap_is "the problems are reported once" "$(printf '%s\n' "$err" | grep -c "$cfg")" 7
(cd "$repo" && "$GH_BIN" evaluate "$PKT" >/dev/null 2>&1)
tap_is "bad repository: the default (.) still works" "$?" 0
gh config --check
tap_is "--check: exit 1" "$rc" 1
tap_like "--check: the bind line" "$out" "$cfg:9:14: error: unknown action 'no-such-action'"
tap_like "--check: the missing theme" "$out" "$cfg:10:7: error: no theme 'no-such-theme'"
tap_is "--check: every problem, by line" \
	"$(printf '%s\n' "$out" | sed "s|^$cfg:\([0-9]*\):.*|\1|" | tr '\n' ' ')" "2 3 4 5 6 7 8 9 10 "
tap_is "--check: nothing on stderr" "$err" ""

# ---- unreadable, elsewhere ------------------------------------------------------------------
rm -f "$cfg"
mkdir "$cfg"
gh evaluate -C "$repo" "$PKT"
tap_is "unreadable file: the command works" "$rc" 0
tap_like "unreadable file: a warning" "$err" "$cfg: $w cannot read:"
gh config --check
tap_is "unreadable file: --check exit 1" "$rc" 1
rmdir "$cfg"
printf 'set repository = %s\n' "$repo" >"$tmp/other.conf"
GATEHOUSE_CONFIG=$tmp/other.conf gh evaluate "$PKT"
tap_is "GATEHOUSE_CONFIG names the file" "$rc" 0
printf 'set repository = ~/reviews/platform\n' | tr -d '\n' >"$cfg"
printf '\0' >>"$cfg"
gh config --check
tap_like "a binary file is ignored with a warning" "$out" "$cfg: $w not a text file"

tap_done
