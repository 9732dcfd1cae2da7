#!/bin/sh
# cli_record.sh -- "gatehouse init", "comment", "signoff" and "decide" end
# to end, against real git repositories made with the git CLI:
#
#   - init DIR and init --bare: one first commit on main with the policy
#     pack, a clean "gatehouse check", refusing to initialise twice;
#   - every record command makes exactly one commit on top of the old tip,
#     authored by the reviewer, with the conventional subject and trailers,
#     adding exactly one file under packets/<ID>/reviews/ that loads back
#     ("gatehouse check" clean) with the exact words written (PyYAML reads
#     the record when python3 has it): umlauts, CJK, leading spaces, blank
#     lines, ": ", "#", quotes, "true", "- item", long lines, trailing
#     newlines, tabs, CR, control characters, Unicode line separators;
#   - usage errors exit 2 and refusals (unknown person, missing permission)
#     exit 1, both with a clear message and without a commit;
#   - the same in a bare repository and in a clone (whose checkout shows
#     the new file and stays clean, local edits untouched);
#   - a record committed by hand with the git CLI loads like any other;
#   - git fsck --strict is clean on every repository at the end.
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

tmp=$(mktemp -d "${TMPDIR:-/tmp}/gh-record.XXXXXX") || tap_skip_all "mktemp failed"
trap 'rm -rf "$tmp"' EXIT HUP INT TERM

# Messages in English; no identity, repository or config from the caller.
tap_test_env
unset GATEHOUSE_REPO GATEHOUSE_AUTHOR GATEHOUSE_TODAY GATEHOUSE_DATADIR GIT_DIR GIT_WORK_TREE

# People of data/demo/policy/roles.yaml.
ZOE='Zoë Lambert <zoe.lambert@northwind.example>'		# sre, reviewer
JUERGEN='Jürgen Weiß <juergen.weiss@northwind.example>'	# dba, reviewer
MATEO='Mateo Fernández <mateo.fernandez@northwind.example>'	# change-lead
CAMILLE='Camille Roussel <camille.roussel@northwind.example>'	# auditor
EVE='Eve Outsider <eve@elsewhere.example>'			# not listed
PKT=CHG-2026-0412

pyyaml=false
if command -v python3 >/dev/null 2>&1 && python3 -c 'import yaml' 2>/dev/null; then
	pyyaml=true
fi

# ---- helpers ----------------------------------------------------------------

# fresh NAME: a new directory $T for one group of tests, HOME inside it
fresh() {
	T=$(mktemp -d "$tmp/$1.XXXXXX")
	HOME=$T/home
	mkdir "$HOME"
	export HOME
}

# as AUTHOR ARG...: run gatehouse ARG... as AUTHOR ("Name <email>")
as() {
	as_who=$1
	shift
	run env GATEHOUSE_AUTHOR="$as_who" "$GH_BIN" "$@"
}

# demo_repo DIR: the demo packet repository as a git repository, one commit
demo_repo() {
	cp -R "$demo" "$1" &&
	git -C "$1" init -q -b main &&
	git -C "$1" add -A &&
	git -C "$1" commit -q -m "demo packet repository"
}

# for tap_check: the command just run failed
failed() {
	[ "$rc" != 0 ]
}

head_of() {
	git -C "$1" rev-parse -q --verify HEAD 2>/dev/null || echo none
}

# check_clean DESC REPO: "gatehouse check" is clean on REPO's HEAD (a bare
# repository is read through a throwaway clone: check reads files)
check_clean() {
	cc_dir=$2
	if [ "$(git -C "$2" rev-parse --is-bare-repository)" = true ]; then
		mkdir -p "$tmp/views"
		cc_dir=$(mktemp -d "$tmp/views/view.XXXXXX")
		rmdir "$cc_dir"
		git clone -q "$2" "$cc_dir"
	fi
	run "$GH_BIN" check "$cc_dir"
	if [ "$rc" = 0 ]; then
		tap_like "$1: gatehouse check is clean" "$out" "clean"
	else
		tap_not_ok "$1: gatehouse check is clean (exit $rc)"
		tap_diag "$out" "$err"
	fi
}

# fields REPO PATH SPEC...: read PATH at REPO's HEAD with PyYAML; each SPEC
# is KEY=TEXT (a string equal to TEXT), KEY=@FILE (equal to FILE's bytes),
# KEY#N (a list of N) or KEY! (absent); KEY is dotted, list indexes numbers
cat >"$tmp/fields.py" <<'EOF'
import sys, yaml
doc = yaml.safe_load(sys.stdin.buffer.read().decode('utf-8'))
bad = 0
for spec in sys.argv[1:]:
    if spec.endswith('!'):
        key, op, want = spec[:-1], '!', None
    elif '#' in spec and '=' not in spec:
        key, _, n = spec.partition('#'); op, want = '#', int(n)
    else:
        key, _, want = spec.partition('='); op = '='
        if want.startswith('@'):
            with open(want[1:], 'rb') as f:
                want = f.read().decode('utf-8')
    cur, found = doc, True
    for part in key.split('.'):
        if isinstance(cur, list) and part.isdigit() and int(part) < len(cur):
            cur = cur[int(part)]
        elif isinstance(cur, dict) and part in cur:
            cur = cur[part]
        else:
            found = False
            break
    ok = (not found) if op == '!' else found and (
        isinstance(cur, list) and len(cur) == want if op == '#' else
        isinstance(cur, str) and cur == want)
    if not ok:
        bad += 1
        print('%s: got %s, want %s' % (key, ascii(cur) if found else 'nothing',
              'nothing' if op == '!' else ascii(want) if op == '=' else
              'a list of %d' % want))
sys.exit(1 if bad else 0)
EOF
fields() {
	f_repo=$1
	f_path=$2
	shift 2
	if [ -z "$f_path" ]; then
		tap_not_ok "the record reads back with the exact words (no record)"
		return
	fi
	if ! $pyyaml; then
		tap_skip "$f_path reads back with PyYAML" "python3 with PyYAML not available"
		return
	fi
	if git -C "$f_repo" show "HEAD:$f_path" | python3 "$tmp/fields.py" "$@" >"$tmp/.py" 2>&1; then
		tap_ok "the record reads back with the exact words: $(printf '%s\n' "$@" |
		    sed 's/[=#!].*//' | tr '\n' ' ')"
	else
		tap_not_ok "the record reads back with the exact words"
		tap_diag "$(cat "$tmp/.py")" "record:" "$(git -C "$f_repo" show "HEAD:$f_path")"
	fi
}

# one_commit DESC REPO BEFORE AUTHOR SUBJECT KIND STATE SLUG: the command
# just run succeeded and made exactly one commit on BEFORE, as AUTHOR, with
# SUBJECT and the trailers, adding one file; sets $path to that file
one_commit() {
	oc_desc=$1 oc_repo=$2 oc_before=$3 oc_author=$4 oc_subject=$5
	oc_kind=$6 oc_state=$7 oc_slug=$8
	path=
	if [ "$rc" != 0 ]; then
		tap_not_ok "$oc_desc: exits 0 (got $rc)"
		tap_diag "$out" "$err"
		return
	fi
	tap_is "$oc_desc: exactly one new commit on the old tip" \
	    "$(git -C "$oc_repo" rev-list "$oc_before..HEAD" | wc -l | tr -d ' ') $(git -C "$oc_repo" rev-parse HEAD^)" \
	    "1 $oc_before"
	tap_is "$oc_desc: author and committer" \
	    "$(git -C "$oc_repo" log -1 --format='%an <%ae>|%cn <%ce>')" "$oc_author|$oc_author"
	oc_msg="$oc_subject

Gatehouse-Packet: $PKT
Gatehouse-Record: $oc_kind"
	[ -n "$oc_state" ] && oc_msg="$oc_msg
Gatehouse-State: $oc_state"
	tap_is "$oc_desc: subject and trailers" "$(git -C "$oc_repo" log -1 --format=%B)" "$oc_msg"
	tap_is "$oc_desc: git reads the trailers" \
	    "$(git -C "$oc_repo" log -1 --format='%(trailers:key=Gatehouse-Packet,valueonly,separator=%x2C)/%(trailers:key=Gatehouse-Record,valueonly,separator=%x2C)/%(trailers:key=Gatehouse-State,valueonly,separator=%x2C)')" \
	    "$PKT/$oc_kind/$oc_state"
	oc_changes=$(git -C "$oc_repo" diff-tree --no-commit-id -r --name-status HEAD)
	path=${oc_changes#A	}
	case $oc_changes in
	"A	packets/$PKT/reviews/"[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]T[0-9][0-9][0-9][0-9][0-9][0-9]Z-"$oc_slug"-[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f].yaml)
		tap_ok "$oc_desc: adds exactly one file, reviews/<utc>-$oc_slug-<nonce>.yaml"
		;;
	*)
		tap_not_ok "$oc_desc: adds exactly one file, reviews/<utc>-$oc_slug-<nonce>.yaml"
		tap_diag "changes:" "$oc_changes"
		;;
	esac
	tap_like "$oc_desc: git show --stat agrees" \
	    "$(git -C "$oc_repo" show --stat --format= HEAD)" "1 file changed"
	tap_like "$oc_desc: says what it recorded" "$out" \
	    "Recorded $oc_kind on $PKT as $path in commit $(git -C "$oc_repo" rev-parse --short=12 HEAD)"
	check_clean "$oc_desc" "$oc_repo"
}

# no_commit DESC REPO BEFORE WANT_RC MESSAGE: the command just run failed
# with WANT_RC and MESSAGE on stderr, and recorded nothing
no_commit() {
	tap_is "$1: exits $4" "$rc" "$4"
	tap_like "$1: says why" "$err" "$5"
	tap_is "$1: no commit" "$(head_of "$2")" "$3"
	if [ "$(git -C "$2" rev-parse --is-bare-repository)" = false ]; then
		tap_is "$1: working tree untouched" "$(git -C "$2" status --porcelain)" ""
	fi
}

# ---- texts that must come back word for word ---------------------------------

texts=$tmp/texts
mkdir "$texts"
printf 'Jürgen sagt: Größe ändern — ÄÖÜ äöü ß; Zoë, Björn Åkesson, Siobhán Ní Bhriain' \
    >"$texts/umlaut"
printf '日本語のコメントです。\n中文评论：這是測試。\n한국어 댓글 — 😀\n' >"$texts/cjk"
printf '   three leading spaces\n  and two on the next line' >"$texts/leading"
printf 'first paragraph\n\n\nsecond, after two blank lines\n\nthird' >"$texts/blank"
printf 'key: value\n# a hash at the start of a line\nand a #hash mid-line: done' \
    >"$texts/colon"
printf '%s' "\"double\" and 'single' quotes, a backslash \\ and \\n, written literally" \
    >"$texts/quotes"
printf 'true' >"$texts/true"
printf -- '- item' >"$texts/item"
awk 'BEGIN { for (i = 0; i < 700; i++) printf "long line %04d: ", i; printf "end" }' \
    >"$texts/long"
printf 'ends with three newlines\n\n\n' >"$texts/trailing"
printf 'one trailing newline\n' >"$texts/trailing1"
printf '\ttab first\n\tand tab\there\r\nCRLF line\r\n' >"$texts/tabcr"
printf 'NULL' >"$texts/null"
printf 'a NEL\302\205and a LINE SEPARATOR\342\200\250here' >"$texts/nel"
printf 'multi\nline with \342\200\251 a PARAGRAPH SEPARATOR\n' >"$texts/ps"
printf 'escape \033[1mbold\033[0m and a bell \007' >"$texts/ctl"
printf -- '---\n...\n- a\n? b\n: c\n{x: [1, 2]}\n&anchor *alias !tag |>%%@`' >"$texts/yamlish"
printf '\n\nstarts with blank lines' >"$texts/leadnl"
printf '  \n' >"$texts/spaces"

# ---- init ----------------------------------------------------------------------

fresh init
new=$T/reviews-main
as "$MATEO" init "$new"
tap_is "init DIR exits 0" "$rc" 0
tap_like "init DIR says so" "$out" "Initialised"
tap_is "init DIR: one commit on main" \
    "$(git -C "$new" rev-list --count HEAD) $(git -C "$new" symbolic-ref HEAD)" "1 refs/heads/main"
tap_is "init DIR: authored by whoever ran it" "$(git -C "$new" log -1 --format='%an <%ae>')" "$MATEO"
tap_is "init DIR: subject and trailer" "$(git -C "$new" log -1 --format=%B)" \
    "init: packet repository with the default policy pack

Gatehouse-Record: init"
policy_files="gatehouse.yaml
policy/authority.yaml
policy/calendar.yaml
policy/gates.yaml
policy/lifecycle.yaml
policy/options.yaml
policy/roles.yaml"
tap_is "init DIR: the settings and policy files are committed" \
    "$(git -C "$new" ls-tree -r --name-only HEAD)" "$policy_files"
all_there=true
for f in $policy_files; do
	[ -f "$new/$f" ] || all_there=false
done
tap_check "init DIR: and checked out" $all_there
tap_is "init DIR: the working tree is clean" "$(git -C "$new" status --porcelain)" ""
same=true
for f in gates options authority calendar lifecycle; do
	cmp -s "$demo/policy/$f.yaml" "$new/policy/$f.yaml" || same=false
done
tap_check "init DIR: the policy pack is the default one, byte for byte" $same
check_clean "init DIR" "$new"
if $pyyaml; then
	if git -C "$new" show HEAD:policy/roles.yaml | python3 "$tmp/fields.py" \
	    people#1 people.0.name="$(printf 'Mateo Fern\303\241ndez')" \
	    people.0.email=mateo.fernandez@northwind.example people.0.roles.0=change-lead \
	    >"$tmp/.py" 2>&1 &&
	    git -C "$new" show HEAD:gatehouse.yaml | python3 "$tmp/fields.py" name=reviews-main \
	    >>"$tmp/.py" 2>&1; then
		tap_ok "init DIR: its creator is the first change lead; named after the directory"
	else
		tap_not_ok "init DIR: its creator is the first change lead; named after the directory"
		tap_diag "$(cat "$tmp/.py")"
	fi
else
	tap_skip "init DIR: roles.yaml names its creator" "python3 with PyYAML not available"
fi
before=$(head_of "$new")
as "$MATEO" init "$new"
tap_check "init refuses to initialise DIR again" failed
tap_is "init again: no new commit" "$(head_of "$new")" "$before"

as "$MATEO" init --name "Payments: reviews" "$T/named"
tap_is "init --name exits 0" "$rc" 0
if $pyyaml; then
	git -C "$T/named" show HEAD:gatehouse.yaml | python3 "$tmp/fields.py" \
	    name="Payments: reviews" >"$tmp/.py" 2>&1
	tap_is "init --name: the name is kept word for word" "$?" 0
else
	tap_skip "init --name: the name is kept word for word" "python3 with PyYAML not available"
fi

bare=$T/reviews.git
as "$MATEO" init --bare "$bare"
tap_is "init --bare exits 0" "$rc" 0
tap_is "init --bare: a bare repository" "$(git -C "$bare" rev-parse --is-bare-repository)" true
tap_is "init --bare: one commit on main" \
    "$(git -C "$bare" rev-list --count HEAD) $(git -C "$bare" symbolic-ref HEAD)" "1 refs/heads/main"
tap_is "init --bare: the settings and policy files are committed" \
    "$(git -C "$bare" ls-tree -r --name-only HEAD)" "$policy_files"
tap_check "init --bare: no files outside git" test ! -e "$bare/gatehouse.yaml" -a ! -e "$bare/policy"
check_clean "init --bare" "$bare"
before=$(head_of "$bare")
as "$MATEO" init --bare "$bare"
tap_check "init --bare refuses to initialise again" failed
tap_is "init --bare again: no new commit" "$(head_of "$bare")" "$before"

demo_repo "$T/demo"
before=$(head_of "$T/demo")
as "$MATEO" init "$T/demo"
tap_check "init refuses an existing git repository" failed
tap_is "init on an existing repository: no new commit" "$(head_of "$T/demo")" "$before"

run "$GH_BIN" init "$T/nobody"
tap_check "init without an identity fails" failed
tap_like "init without an identity says who is missing" "$err" "who are you?"
if [ -e "$T/nobody" ]; then
	tap_not_ok "init without an identity leaves nothing behind"
else
	tap_ok "init without an identity leaves nothing behind"
fi

# A packet added with the git CLI; its creator decides on it.
mkdir -p "$new/packets"
cp -R "$demo/packets/$PKT" "$new/packets/$PKT"
git -C "$new" add -A && git -C "$new" commit -q -m "packet $PKT"
check_clean "init DIR + a packet" "$new"
before=$(head_of "$new")
as "$MATEO" decide -C "$new" "$PKT" support -m "Fine as scoped."
one_commit "decide in a new repository" "$new" "$before" "$MATEO" \
    "decision($PKT): support by Mateo Fernández" decision support owner
fields "$new" "$path" kind=decision decision=support body="Fine as scoped." option! authority!

# ---- comments, word for word -----------------------------------------------------

fresh comment
r=$T/demo
demo_repo "$r"
for t in umlaut cjk leading blank colon quotes true item long trailing trailing1 tabcr null \
    nel ps ctl yamlish leadnl; do
	before=$(head_of "$r")
	as "$ZOE" comment -C "$r" -F "$texts/$t" "$PKT"
	one_commit "comment -F ($t)" "$r" "$before" "$ZOE" "comment($PKT): by Zoë Lambert" \
	    comment "" zlambert
	[ -n "$path" ] && fields "$r" "$path" kind=comment body="@$texts/$t" \
	    author.name="$(printf 'Zo\303\253 Lambert')" author.email=zoe.lambert@northwind.example \
	    target! state!
done

before=$(head_of "$r")
as "$JUERGEN" comment -C "$r" -m "$(cat "$texts/umlaut")" -m "$(cat "$texts/cjk")" "$PKT"
one_commit "comment -m -m" "$r" "$before" "$JUERGEN" "comment($PKT): by Jürgen Weiß" \
    comment "" jweiss
{ cat "$texts/umlaut"; printf '\n\n'; cat "$texts/cjk"; } >"$T/two-paragraphs"
# $(cat) dropped the CJK text's trailing newline
printf '%s' "$(cat "$T/two-paragraphs")" >"$T/two-paragraphs.want"
fields "$r" "$path" body="@$T/two-paragraphs.want"

before=$(head_of "$r")
run env GATEHOUSE_AUTHOR="$ZOE" "$GH_BIN" comment -C "$r" "$PKT" <"$texts/blank"
one_commit "comment from standard input" "$r" "$before" "$ZOE" \
    "comment($PKT): by Zoë Lambert" comment "" zlambert
fields "$r" "$path" body="@$texts/blank"

before=$(head_of "$r")
as "$ZOE" comment -C "$r" --on gate:freeze-window -m "The freeze starts on the 14th." "$PKT"
one_commit "comment --on gate:ID" "$r" "$before" "$ZOE" \
    "comment($PKT): on gate freeze-window by Zoë Lambert" comment "" zlambert
fields "$r" "$path" target.kind=gate target.id=freeze-window \
    body="The freeze starts on the 14th."

before=$(head_of "$r")
as "$ZOE" comment -C "$r" --on gate:no-such-gate -m "x" "$PKT"
no_commit "comment on an unknown gate" "$r" "$before" 2 "no gate 'no-such-gate'"
as "$ZOE" comment -C "$r" -m "" "$PKT"
no_commit "an empty comment" "$r" "$before" 1 "empty comment"
as "$ZOE" comment -C "$r" -F "$texts/spaces" "$PKT"
no_commit "a comment of only whitespace" "$r" "$before" 1 "empty comment"
as "$ZOE" comment -C "$r" -m "x" CHG-1999-0001
no_commit "a comment on an unknown packet" "$r" "$before" 2 "no packet 'CHG-1999-0001'"
as "$EVE" comment -C "$r" -m "let me in" "$PKT"
no_commit "a comment by someone not in roles.yaml" "$r" "$before" 1 \
    "not listed in policy/roles.yaml"
as "$CAMILLE" comment -C "$r" -m "noted" "$PKT"
no_commit "a comment by an auditor (read only)" "$r" "$before" 1 "holds no role that may comment"
run env GATEHOUSE_AUTHOR="nobody" "$GH_BIN" comment -C "$r" -m "x" "$PKT"
no_commit "a malformed GATEHOUSE_AUTHOR" "$r" "$before" 2 "GATEHOUSE_AUTHOR must look like"
run "$GH_BIN" comment -C "$r" -m "x" "$PKT"
no_commit "no identity at all" "$r" "$before" 2 "who are you?"

# the git config identity when GATEHOUSE_AUTHOR is not set
git -C "$r" config user.name "Amara Okonkwo"
git -C "$r" config user.email "Amara.Okonkwo@Northwind.example"
run "$GH_BIN" signoff -C "$r" "$PKT" concur
one_commit "signoff as the git config identity (e-mail in another case)" "$r" "$before" \
    "Amara Okonkwo <Amara.Okonkwo@Northwind.example>" \
    "signoff($PKT): concur by Amara Okonkwo as sre" signoff concur aokonkwo
git -C "$r" config --unset user.name
git -C "$r" config --unset user.email

# ---- sign-offs -------------------------------------------------------------------

before=$(head_of "$r")
as "$ZOE" signoff -C "$r" "$PKT" concur
one_commit "signoff concur" "$r" "$before" "$ZOE" \
    "signoff($PKT): concur by Zoë Lambert as sre" signoff concur zlambert
fields "$r" "$path" kind=signoff state=concur role=sre conditions! reason! body!
if $pyyaml; then
	git -C "$r" show "HEAD:$path" | python3 -c '
import re, sys, yaml
d = yaml.safe_load(sys.stdin.buffer.read().decode("utf-8"))
ok = (re.fullmatch(r"[0-9a-f]{40}", d.get("inputs_digest", "")) and
      d.get("recommendation") and d.get("engine_version") and
      re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", d.get("at", "")))
sys.exit(0 if ok else 1)'
	tap_is "signoff: records the inputs digest, the recommendation seen and when" "$?" 0
else
	tap_skip "signoff: records the inputs digest" "python3 with PyYAML not available"
fi

printf 'Größe: 2× soak, # not a comment' >"$T/cond1"
printf '  leading spaces: and "quotes"' >"$T/cond4"
before=$(head_of "$r")
as "$JUERGEN" signoff -C "$r" "$PKT" concur-with-conditions \
    --condition "$(cat "$T/cond1")" -c "- item" --condition true -c "$(cat "$T/cond4")" \
    -m "$(cat "$texts/leading")"
one_commit "signoff concur-with-conditions" "$r" "$before" "$JUERGEN" \
    "signoff($PKT): concur-with-conditions by Jürgen Weiß as dba" signoff \
    concur-with-conditions jweiss
fields "$r" "$path" state=concur-with-conditions role=dba conditions#4 \
    conditions.0="@$T/cond1" "conditions.1=- item" conditions.2=true \
    conditions.3="@$T/cond4" body="@$texts/leading"

printf 'the rollback checkpoint is too short:\n  45 min < the RTO of 1h\n# and the freeze' \
    >"$texts/reason"
before=$(head_of "$r")
as "$ZOE" signoff -C "$r" "$PKT" dissent --reason "$(cat "$texts/reason")"
one_commit "signoff dissent" "$r" "$before" "$ZOE" \
    "signoff($PKT): dissent by Zoë Lambert as sre" signoff dissent zlambert
fields "$r" "$path" state=dissent reason="@$texts/reason"

before=$(head_of "$r")
as "$JUERGEN" signoff -C "$r" "$PKT" recuse --role reviewer --reason "I wrote the runbook."
one_commit "signoff recuse --role" "$r" "$before" "$JUERGEN" \
    "signoff($PKT): recuse by Jürgen Weiß as reviewer" signoff recuse jweiss
fields "$r" "$path" state=recuse role=reviewer reason="I wrote the runbook."

before=$(head_of "$r")
as "$ZOE" signoff -C "$r" "$PKT" dissent --reason NULL
one_commit "signoff dissent --reason NULL" "$r" "$before" "$ZOE" \
    "signoff($PKT): dissent by Zoë Lambert as sre" signoff dissent zlambert
fields "$r" "$path" reason=NULL

before=$(head_of "$r")
as "$ZOE" signoff -C "$r" "$PKT" concur-with-conditions
no_commit "concur-with-conditions without --condition" "$r" "$before" 2 \
    "concur-with-conditions needs at least one --condition"
as "$ZOE" signoff -C "$r" "$PKT" dissent
no_commit "dissent without --reason" "$r" "$before" 2 "a dissent needs --reason"
as "$ZOE" signoff -C "$r" "$PKT" dissent --reason ""
no_commit "dissent with an empty --reason" "$r" "$before" 2 "a dissent needs --reason"
as "$ZOE" signoff -C "$r" "$PKT" approve
no_commit "an unknown state" "$r" "$before" 2 "STATE must be concur"
as "$ZOE" signoff -C "$r" "$PKT"
no_commit "no state" "$r" "$before" 2 "STATE must be concur"
as "$CAMILLE" signoff -C "$r" "$PKT" concur
no_commit "an auditor signing off" "$r" "$before" 1 "holds no role that may sign off"
as "$EVE" signoff -C "$r" "$PKT" concur
no_commit "a sign-off by someone not in roles.yaml" "$r" "$before" 1 \
    "not listed in policy/roles.yaml"
as "$JUERGEN" signoff -C "$r" "$PKT" concur --role sre
no_commit "a sign-off in a role not held" "$r" "$before" 1 "may not sign off in role 'sre'"
printf 'caf\351 latin-1' >"$T/latin1"
as "$ZOE" comment -C "$r" -F "$T/latin1" "$PKT"
no_commit "text that is not UTF-8" "$r" "$before" 1 "UTF-8"

# ---- decisions -------------------------------------------------------------------

before=$(head_of "$r")
as "$MATEO" decide -C "$r" "$PKT" support -F "$texts/trailing"
one_commit "decide support" "$r" "$before" "$MATEO" \
    "decision($PKT): support by Mateo Fernández" decision support mfernandez
fields "$r" "$path" kind=decision decision=support body="@$texts/trailing" option! authority!

before=$(head_of "$r")
as "$MATEO" decide -C "$r" "$PKT" narrow staged-after-freeze -m "Stage it after the freeze."
one_commit "decide narrow OPTION" "$r" "$before" "$MATEO" \
    "decision($PKT): narrow staged-after-freeze by Mateo Fernández" decision narrow mfernandez
fields "$r" "$path" decision=narrow option=staged-after-freeze authority!

before=$(head_of "$r")
as "$MATEO" decide -C "$r" "$PKT" escalate vp-engineering
one_commit "decide escalate AUTHORITY" "$r" "$before" "$MATEO" \
    "decision($PKT): escalate vp-engineering by Mateo Fernández" decision escalate mfernandez
fields "$r" "$path" decision=escalate authority=vp-engineering option! body!

before=$(head_of "$r")
as "$MATEO" decide -C "$r" "$PKT" narrow no-such-option
no_commit "decide narrow to an unknown option" "$r" "$before" 2 "no option 'no-such-option'"
as "$MATEO" decide -C "$r" "$PKT" escalate no-such-board
no_commit "decide escalate to an unknown authority" "$r" "$before" 2 \
    "no authority 'no-such-board'"
as "$MATEO" decide -C "$r" "$PKT" narrow
no_commit "decide narrow without an option" "$r" "$before" 2 "narrow needs an OPTION"
as "$MATEO" decide -C "$r" "$PKT" support as-scoped
no_commit "decide support with an argument" "$r" "$before" 2 "support takes no further argument"
as "$MATEO" decide -C "$r" "$PKT" approve
no_commit "decide something unknown" "$r" "$before" 2 "the decision must be"
as "$ZOE" decide -C "$r" "$PKT" support
no_commit "a reviewer deciding" "$r" "$before" 1 "holds no role that may decide"
as "$CAMILLE" decide -C "$r" "$PKT" support
no_commit "an auditor deciding" "$r" "$before" 1 "holds no role that may decide"
as "$EVE" decide -C "$r" "$PKT" support
no_commit "a decision by someone not in roles.yaml" "$r" "$before" 1 \
    "not listed in policy/roles.yaml"

tap_is "the demo repository: history is linear" "$(git -C "$r" rev-list --merges HEAD)" ""
tap_is "the demo repository: the working tree is clean" "$(git -C "$r" status --porcelain)" ""
tap_is "the demo repository: every record is one file of one commit" \
    "$(git -C "$r" ls-tree -r --name-only HEAD "packets/$PKT/reviews" | wc -l | tr -d ' ')" \
    "$(git -C "$r" rev-list --count HEAD^{/^demo}..HEAD)"

# ---- a bare repository, and a clone of it -------------------------------------------

fresh bare
demo_repo "$T/src"
b=$T/shared.git
git clone -q --bare "$T/src" "$b"

before=$(head_of "$b")
as "$ZOE" signoff -C "$b" "$PKT" concur-with-conditions -c "$(cat "$texts/umlaut")"
one_commit "bare: signoff -C" "$b" "$before" "$ZOE" \
    "signoff($PKT): concur-with-conditions by Zoë Lambert as sre" signoff \
    concur-with-conditions zlambert
fields "$b" "$path" conditions#1 conditions.0="@$texts/umlaut"

before=$(head_of "$b")
(cd "$b" && env GATEHOUSE_AUTHOR="$JUERGEN" "$GH_BIN" comment -F "$texts/cjk" "$PKT") \
    >"$tmp/.out" 2>"$tmp/.err"
rc=$?
out=$(cat "$tmp/.out")
err=$(cat "$tmp/.err")
one_commit "bare: comment from inside the git dir" "$b" "$before" "$JUERGEN" \
    "comment($PKT): by Jürgen Weiß" comment "" jweiss
fields "$b" "$path" body="@$texts/cjk"

before=$(head_of "$b")
run env GATEHOUSE_REPO="$b" GATEHOUSE_AUTHOR="$MATEO" "$GH_BIN" decide "$PKT" \
    narrow staged-after-freeze -F "$texts/yamlish"
one_commit "bare: decide via GATEHOUSE_REPO" "$b" "$before" "$MATEO" \
    "decision($PKT): narrow staged-after-freeze by Mateo Fernández" decision narrow mfernandez
fields "$b" "$path" option=staged-after-freeze body="@$texts/yamlish"

before=$(head_of "$b")
as "$CAMILLE" signoff -C "$b" "$PKT" concur
no_commit "bare: an auditor signing off" "$b" "$before" 1 "holds no role that may sign off"
as "$ZOE" decide -C "$b" "$PKT" support
no_commit "bare: a reviewer deciding" "$b" "$before" 1 "holds no role that may decide"
tap_check "bare: nothing written outside git" test ! -e "$b/packets"

c=$T/clone
git clone -q "$b" "$c"
before=$(head_of "$c")
as "$ZOE" signoff -C "$c" "$PKT" dissent --reason "$(cat "$texts/reason")"
one_commit "clone: signoff" "$c" "$before" "$ZOE" \
    "signoff($PKT): dissent by Zoë Lambert as sre" signoff dissent zlambert
fields "$c" "$path" reason="@$texts/reason"
tap_check "clone: the new file is in the working tree" test -f "$c/$path"
git -C "$c" show "HEAD:$path" >"$T/committed"
tap_check "clone: and is what was committed" cmp -s "$c/$path" "$T/committed"
tap_is "clone: git status is clean" "$(git -C "$c" status --porcelain)" ""

# from a subdirectory of the work tree: the repository is found
before=$(head_of "$c")
(cd "$c/packets" && env GATEHOUSE_AUTHOR="$JUERGEN" "$GH_BIN" comment -F "$texts/long" "$PKT") \
    >"$tmp/.out" 2>"$tmp/.err"
rc=$?
out=$(cat "$tmp/.out")
err=$(cat "$tmp/.err")
one_commit "clone: comment from a subdirectory" "$c" "$before" "$JUERGEN" \
    "comment($PKT): by Jürgen Weiß" comment "" jweiss
fields "$c" "$path" body="@$texts/long"
tap_is "clone: git status is clean" "$(git -C "$c" status --porcelain)" ""

# local edits are never touched
printf '# a local edit\n' >>"$c/gatehouse.yaml"
before=$(head_of "$c")
as "$ZOE" comment -C "$c" -m "with a local edit around" "$PKT"
one_commit "clone with a local edit: comment" "$c" "$before" "$ZOE" \
    "comment($PKT): by Zoë Lambert" comment "" zlambert
tap_check "clone with a local edit: the new file is checked out" test -f "$c/$path"
tap_is "clone with a local edit: only the edit shows" "$(git -C "$c" status --porcelain)" \
    " M gatehouse.yaml"
tap_like "clone with a local edit: the edit is kept" "$(tail -n 1 "$c/gatehouse.yaml")" \
    "# a local edit"
git -C "$c" checkout -q -- gatehouse.yaml

before=$(head_of "$c")
as "$EVE" signoff -C "$c" "$PKT" concur
no_commit "clone: someone not in roles.yaml" "$c" "$before" 1 "not listed in policy/roles.yaml"

# a record committed by hand with the git CLI is loaded like any other
eval_before=$("$GH_BIN" evaluate --repo "$c" --today 2026-10-01 "$PKT" 2>&1)
hand=packets/$PKT/reviews/20260102T030405Z-bakesson-0a1b2c.yaml
cat >"$c/$hand" <<'EOF'
# written by hand
kind: signoff
author:
  name: Björn Åkesson
  email: bjorn.akesson@northwind.example
at: 2026-01-02T03:04:05Z
role: dba
state: concur-with-conditions
conditions:
  - rehearse the rollback once more
body: |
  Committed with git add and git commit,
  not with gatehouse.
EOF
git -C "$c" add "$hand" && git -C "$c" commit -q -m "signoff($PKT): by hand"
tap_is "hand-made record: committed with the git CLI" "$(git -C "$c" status --porcelain)" ""
check_clean "hand-made record" "$c"
run "$GH_BIN" evaluate --repo "$c" --today 2026-10-01 "$PKT"
tap_is "hand-made record: evaluate exits 0" "$rc" 0
tap_is "hand-made record: evaluate gives the same recommendation" "$out" "$eval_before"
before=$(head_of "$c")
as "$JUERGEN" signoff -C "$c" "$PKT" concur
one_commit "hand-made record: a sign-off on top of it" "$c" "$before" "$JUERGEN" \
    "signoff($PKT): concur by Jürgen Weiß as dba" signoff concur jweiss
tap_is "hand-made record: still there, unchanged" \
    "$(git -C "$c" show "HEAD:$hand" | sed -n 2p)" "kind: signoff"

# and a broken one is reported, by file
printf 'kind: signoff\nauthor:\n  name: X\nat: 2026-01-02T03:04:05Z\nstate: dissent\n' \
    >"$c/packets/$PKT/reviews/20260103T000000Z-broken-000000.yaml"
git -C "$c" add -A && git -C "$c" commit -q -m "a broken record"
run "$GH_BIN" check "$c"
tap_is "a broken hand-made record: check exits 1" "$rc" 1
tap_like "a broken hand-made record: check names it" "$out" \
    "20260103T000000Z-broken-000000.yaml:1:1: error: a dissent needs a 'reason'"
git -C "$c" reset -q --hard HEAD^

run git -C "$c" push -q origin main
tap_is "clone: its records push to the bare repository (fast-forward)" "$rc" 0
tap_is "clone and bare repository agree" "$(head_of "$b")" "$(head_of "$c")"

# ---- git fsck on everything -------------------------------------------------------

for g in "$tmp"/*.*/*; do
	case $g in "$tmp"/views/*) continue ;; esac
	[ -d "$g/.git" ] || [ "$(git -C "$g" rev-parse --is-bare-repository 2>/dev/null)" = true ] ||
	    continue
	git -C "$g" rev-parse -q --verify HEAD >/dev/null || continue	# the failed init
	run git -C "$g" fsck --strict --no-progress --no-dangling
	if [ "$rc" = 0 ] && [ -z "$err$out" ]; then
		tap_ok "git fsck --strict: ${g#"$tmp"/}"
	else
		tap_not_ok "git fsck --strict: ${g#"$tmp"/}"
		tap_diag "$out" "$err"
	fi
done

tap_done
