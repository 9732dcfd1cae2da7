#!/bin/sh
# tui_config.sh -- the workstation around the core path: no terminal (text
# evaluation instead), the key table against the manual, a config file with
# bad lines (file:line:col on stderr and in the status bar, defaults kept)
# and a rebinding, themes and terminals (NO_COLOR, vt100, linux, screen),
# German, a read-only auditor, restricted evidence as a placeholder, the
# decision dialog, $VISUAL, a plain directory (read-only), search.
#
# Prints TAP (tests/tap.sh).  Environment: GH_BIN, GH_SRCDIR, GH_BUILDDIR.
set -u
here=$(dirname "$0")
. "${GH_SRCDIR:-$here/..}/tests/tap.sh" 2>/dev/null || . "$here/tap.sh"
. "${GH_SRCDIR:-$here/..}/tests/tui_lib.sh" 2>/dev/null || . "$here/tui_lib.sh"

tui_sandbox
PKT=CHG-2026-0412

# ---- without a terminal ---------------------------------------------------------
out=$("$GH_BIN" --demo </dev/null 2>"$T/err")
tap_is "no terminal: exit status 0" "$?" 0
tap_like "no terminal: the text evaluation instead" "$out" "Recommendation: ESCALATE to VP Engineering"
tap_like "no terminal: every open packet" "$out" "CHG-2026-0420"
out=$(cd "$DEMO" && "$GH_BIN" </dev/null 2>&1)
tap_like "no command, no terminal: the repository in the current directory" "$out" "CHG-2026-0433"

# ---- the key table and the manual ----------------------------------------------------
keys=$("$GH_BIN" --keys)
tap_like "--keys lists the bindings" "$keys" "$(printf 'review\tS\tsignoff\t')"
missing=""
man=$(sed -n '/^\.SH KEYS/,/^\.SH COMMANDS/p' "$GH_SRCDIR/man/gatehouse.1" | sed 's/\\-/-/g')
for action in $(printf '%s\n' "$keys" | cut -f3 | sort -u); do
	case $man in
	*"($action )"*|*"( $action )"*|*"$action"*) ;;
	*) missing="$missing $action" ;;
	esac
done
tap_is "every action of the key table is in gatehouse(1) KEYS" "$missing" ""

# ---- config: bad lines and a rebinding ---------------------------------------------------
cat >"$XDG_CONFIG_HOME/gatehouse/config" <<'CFG'
# test configuration
bind queue x sort
bind queue Z no-such-action
bind nowhere j move-down
theme no-such-theme
CFG
tui_start 100 30
tui_expect "a bad config still starts" "CHG-2026-0412  ESCALATE"
tui_expect "the first problem in the status bar" "~/config/gatehouse/config:3:14: error: unknown action 'no-such-action' (and 2 more; defaults kept)"
err=$(cat "$T/stderr")
tap_like "stderr: unknown action with file:line:col" "$err" "/config:3:14: error: unknown action 'no-such-action'"
tap_like "stderr: unknown keymap" "$err" "/config:4:6: error: unknown keymap 'nowhere'"
tap_like "stderr: unknown theme" "$err" "/config:5:7: error: no theme 'no-such-theme'"
tui_keys x
tui_expect "the rebinding works: x sorts" "by tier"
tui_keys j
tui_expect "the default j is kept despite the bad line" "CHG-2026-0412"
tui_keys q
tap_is "quit" "$(tui_exit_status)" 0
tui_no_sanitizer "bad config: no sanitizer report"

# ---- themes and terminals ---------------------------------------------------------------
printf 'theme light\n' >"$XDG_CONFIG_HOME/gatehouse/config"
tui_start 100 30
tui_expect "theme light" "CHG-2026-0412  ESCALATE"
tap_is "theme light: no problems" "$(cat "$T/stderr")" ""
tui_keys q
tui_exit_status >/dev/null
for term in vt100 linux screen xterm-256color; do
	if ! infocmp "$term" >/dev/null 2>&1; then
		tap_skip "TERM=$term" "no terminfo entry"
		continue
	fi
	TUI_TERM=$term tui_start 100 30
	if tui_wait "CHG-2026-0412  ESCALATE" && { tui_keys Enter; tui_wait "Hard triggers (4)"; }; then
		tap_ok "TERM=$term: queue and review session"
	else
		tap_not_ok "TERM=$term: queue and review session"
		tap_diag "$(tui_screen)"
	fi
	tui_keys q q
	tap_is "TERM=$term: clean exit" "$(tui_exit_status)" 0
done
tui_start 100 30 "$GH_BIN --demo" NO_COLOR=1
tui_expect "NO_COLOR: still everything on screen" "CHG-2026-0412  ESCALATE"
tui_keys q
tap_is "NO_COLOR: clean exit" "$(tui_exit_status)" 0
rm -f "$XDG_CONFIG_HOME/gatehouse/config"

# ---- German ---------------------------------------------------------------------------------
# The catalog straight from po/de.po (a built de.gmo may be older than it).
mkdir -p "$T/locale/de/LC_MESSAGES"
gmo=${GH_BUILDDIR:-$GH_SRCDIR}/po/de.gmo
[ -f "$gmo" ] || gmo=$GH_SRCDIR/po/de.gmo
if msgfmt -o "$T/locale/de/LC_MESSAGES/gatehouse.mo" "$GH_SRCDIR/po/de.po" 2>/dev/null ||
    cp "$gmo" "$T/locale/de/LC_MESSAGES/gatehouse.mo" 2>/dev/null; then
	tui_start 100 30 "$GH_BIN --demo" LANGUAGE=de GATEHOUSE_LOCALEDIR="$T/locale"
	tui_expect "LANGUAGE=de: the queue in German" "Warteschlange 5/5 · nach Frist · alle"
	tui_keys Enter
	tui_expect "LANGUAGE=de: German pane names" "1 Nachweise 13 │ 2 Prüfungen"
	tui_keys 2
	tui_expect "LANGUAGE=de: German gate results, aligned by width" "bedingt"
	tui_keys q q
	tui_exit_status >/dev/null
else
	tap_skip "LANGUAGE=de" "no msgfmt and no de.gmo"
	tap_skip "LANGUAGE=de" "no msgfmt and no de.gmo"
	tap_skip "LANGUAGE=de" "no msgfmt and no de.gmo"
fi

# ---- an auditor may not record ------------------------------------------------------------
tui_start 100 30 "$GH_BIN --demo" "GATEHOUSE_AUTHOR=$CAMILLE"
tui_wait "CHG-2026-0412" >/dev/null
tui_keys Enter c
tui_expect "auditor: c is refused in the status bar" "holds no role that may comment"
tui_keys S
tui_expect "auditor: S is refused" "holds no role that may sign off"
tui_keys q q
tui_exit_status >/dev/null

# ---- restricted evidence without the companion ----------------------------------------------
mv "$XDG_DATA_HOME/gatehouse/demo-restricted" "$T/away"
tui_start 100 30 "$GH_BIN" "GATEHOUSE_REPO=$DEMO"
tui_wait "CHG-2026-0412" >/dev/null
tui_keys Enter 1 j
tui_expect "restricted evidence: the placeholder" "[restricted: customer-impact; readable by change-lead, sre]"
tui_keys q q
tui_exit_status >/dev/null
mv "$T/away" "$XDG_DATA_HOME/gatehouse/demo-restricted"

# ---- decision dialog, as the change lead -------------------------------------------------------
tui_start 100 30 "$GH_BIN --demo" "GATEHOUSE_AUTHOR=Mateo Fernández <mateo.fernandez@northwind.example>"
tui_wait "CHG-2026-0412" >/dev/null
tui_keys Enter D
tui_expect "D opens the decision dialog" "Decide $PKT"
tui_expect "the recommended authority is preselected" "> vp-engineering"
tui_keys Tab Tab
tui_type "Über die Freeze-Grenze: VP entscheidet."
tui_keys C-d
tui_expect "the decision is recorded" "Recorded decision on $PKT in commit"
tui_keys q q
tui_exit_status >/dev/null
tui_no_sanitizer "decision: no sanitizer report"
tap_is "decision subject" "$(git -C "$DEMO" log -1 --format=%s)" \
	"decision($PKT): escalate vp-engineering by Mateo Fernández"

# ---- $VISUAL ---------------------------------------------------------------------------------
cat >"$T/ed.sh" <<'ED'
#!/bin/sh
printf 'Im Editor geschrieben: Maß und Größe.\n\n' >"$1"
ED
chmod +x "$T/ed.sh"
tui_start 100 30 "$GH_BIN --demo" "VISUAL=$T/ed.sh"
tui_wait "CHG-2026-0412" >/dev/null
tui_keys Enter 3 E
tui_expect "E: written in \$VISUAL and recorded" "Recorded comment on $PKT in commit"
tap_is "E: on the selected option" "$(git -C "$DEMO" log -1 --format=%s)" \
	"comment($PKT): on option staged-after-freeze by Zoë Lambert"
tap_like "E: the editor's words" "$(git -C "$DEMO" show HEAD)" "Im Editor geschrieben: Maß und Größe."
tui_expect "E: the screen is back" "3 Options 7"
tui_keys q

# ---- search -----------------------------------------------------------------------------------
tui_keys /
tui_type "maß und"
tui_keys Enter
tui_expect "search finds comment bodies" "queue 1/5"
tui_keys Escape
tui_expect "Esc clears the search" "queue 5/5"
tui_keys /
tui_type "precheck"
tui_keys Enter
tui_expect "search uses the full-text index (evidence text)" "1 packet(s) match \"precheck\""
tui_keys Escape
tui_keys q
tap_is "clean exit after search" "$(tui_exit_status)" 0
tui_no_sanitizer "\$VISUAL and search: no sanitizer report"

# ---- the config file's editor comes before $VISUAL; set lines in the status bar ------------
cat >"$T/ed2.sh" <<'ED'
#!/bin/sh
printf 'Vom konfigurierten Editor.\n' >"$1"
ED
chmod +x "$T/ed2.sh"
printf 'set theme = light\nset editr = vim\nset editor = %s\n' "$T/ed2.sh" >"$XDG_CONFIG_HOME/gatehouse/config"
tui_start 140 30 "$GH_BIN --demo" "VISUAL=$T/ed.sh"
tui_expect "a bad set line in the status bar, with its position" \
	"config/gatehouse/config:2:5: warning: unknown setting 'editr'; did you mean 'editor'? (default kept)"
tap_like "stderr: the bad set line" "$(cat "$T/stderr")" "/config:2:5: warning: unknown setting 'editr'"
tap_unlike "set theme = light is found" "$(cat "$T/stderr")" "no theme"
tui_keys Enter 3 E
tui_expect "E with 'set editor': recorded" "Recorded comment on $PKT in commit"
tap_like "E: the configured editor wins over \$VISUAL" "$(git -C "$DEMO" show HEAD)" "Vom konfigurierten Editor."
tui_keys q q
tap_is "set editor: clean exit" "$(tui_exit_status)" 0
rm -f "$XDG_CONFIG_HOME/gatehouse/config"

# ---- sync with a shared repository ---------------------------------------------------------
git clone -q --bare "$DEMO" "$T/shared.git" && git -C "$DEMO" remote add origin "$T/shared.git"
tui_start 100 30
tui_wait "CHG-2026-0412" >/dev/null
tui_keys y
tui_expect "y syncs: the decision and comments go to the shared repository" "synced with origin: fetched 0, pushed"
tap_is "the shared repository has the local head" "$(git -C "$T/shared.git" rev-parse main)" \
	"$(git -C "$DEMO" rev-parse HEAD)"
tui_keys q
tui_exit_status >/dev/null

# ---- a sign-off goes stale when the inputs change and the verdict moves ------------------------
tui_start 100 30 "$GH_BIN --demo" "GATEHOUSE_AUTHOR=$JUERGEN"
tui_wait "CHG-2026-0398" >/dev/null
tui_keys j j j
tui_expect "the minor patch is supported" "CHG-2026-0398  SUPPORT"
tui_keys S C-d
tui_expect "concur on it" "Recorded signoff on CHG-2026-0398 in commit"
sed 's/checkpoint: 24h/checkpoint: 2h/' "$DEMO/packets/CHG-2026-0398/request.yaml" >"$T/req" &&
	cp "$T/req" "$DEMO/packets/CHG-2026-0398/request.yaml" &&
	git -C "$DEMO" -c user.name=Requester -c user.email=req@example.com commit -q -am "shorten the rollback checkpoint"
tui_keys R
tui_expect "R reloads HEAD: the verdict moved" "CHG-2026-0398  ESCALATE"
tui_expect "the queue marks the stale sign-off" "STALE"
tui_keys f f f f f
tui_expect "filter stale" "queue 1/5 · by deadline · stale"
tui_keys Enter
tui_expect "the header says so" "STALE sign-off"
tui_keys J
tui_expect "the thread, under the sign-off summary, says what it saw and what is now" "STALE: the inputs changed and the recommendation moved since (saw SUPPORT"
tui_keys q q
tap_is "stale: clean exit" "$(tui_exit_status)" 0

# ---- a plain directory is read-only -------------------------------------------------------------
cp -R "$GH_SRCDIR/data/demo" "$T/plain"
tui_start 100 30 "$GH_BIN" "GATEHOUSE_REPO=$T/plain"
tui_expect "a plain directory opens" "read-only"
tui_keys Enter c
tui_expect "a plain directory cannot record" "is not a git repository, so nothing can be recorded"
tui_keys H
tui_expect "history of a plain directory: the records on disk" "not a git repository: no commits"
tui_keys q q q
tap_is "plain directory: clean exit" "$(tui_exit_status)" 0
tui_no_sanitizer "plain directory: no sanitizer report"
tui_stop
tap_done
