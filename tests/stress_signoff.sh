#!/bin/sh
# stress_signoff.sh -- no lost writes.  Concurrent "gatehouse signoff"
# processes on one repository (a bare one, then a non-bare clone): every
# sign-off is acknowledged and present, one commit each, on a linear
# history, and git fsck --strict is clean.  Then the kill test: sign-off
# loops killed with SIGKILL at random moments, after which the repository
# is valid, HEAD resolves, "gatehouse check" is clean and every sign-off
# that printed "Recorded" is in HEAD's tree.
#
# Prints TAP (tests/tap.sh), with timings as diagnostics.  Environment:
# GH_BIN (the built binary), GH_SRCDIR (the source tree); GH_STRESS_PROCS
# (default 8) processes of GH_STRESS_SIGNOFFS (default 50) sign-offs each,
# GH_STRESS_KILL_ROUNDS (default 2).  Needs the git CLI.
set -u

here=$(dirname "$0")
: "${GH_SRCDIR:=$here/..}"
if [ -f "$here/tap.sh" ]; then
	. "$here/tap.sh"
else
	. "$GH_SRCDIR/tests/tap.sh"
fi
tap_need_gatehouse

procs=${GH_STRESS_PROCS:-8}
per=${GH_STRESS_SIGNOFFS:-50}
rounds=${GH_STRESS_KILL_ROUNDS:-2}
total=$((procs * per))
PKT=CHG-2026-0412

tmp=$(mktemp -d "${TMPDIR:-/tmp}/gh-stress.XXXXXX") || tap_skip_all "mktemp failed"
trap 'rm -rf "$tmp"' EXIT HUP INT TERM

tap_test_env
HOME=$tmp/home
export HOME
mkdir "$HOME"
unset GATEHOUSE_REPO GATEHOUSE_AUTHOR GATEHOUSE_TODAY GIT_DIR GIT_WORK_TREE

# ---- helpers ----------------------------------------------------------------

now_ms() {
	t=$(date +%s%N)
	case $t in
	*N) echo $(($(date +%s) * 1000)) ;;
	*) echo $((t / 1000000)) ;;
	esac
}

# secs MS: "12.3"
secs() {
	echo "$1" | awk '{ printf "%.1f", $1 / 1000 }'
}

# a random number in [0, $1)
random() {
	r=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')
	echo $((r % $1))
}

who() {
	echo "Stress Tester $1 <stress$1@stress.example>"
}

# acked DIR: "PATH COMMIT" for every sign-off that printed Recorded
acked() {
	cat "$1"/*.out 2>/dev/null |
	    sed -n 's/^Recorded signoff on [^ ]* as \([^ ]*\) in commit \([0-9a-f]*\)$/\1 \2/p'
}

# fsck_clean DESC REPO: git fsck --strict finds nothing wrong (objects left
# by retried or killed attempts are dangling, which is not wrong)
fsck_clean() {
	git -C "$2" fsck --strict --no-progress --no-dangling >"$tmp/.fsck" 2>&1
	fc_rc=$?
	if [ "$fc_rc" = 0 ] && [ ! -s "$tmp/.fsck" ]; then
		tap_ok "$1: git fsck --strict is clean"
	else
		tap_not_ok "$1: git fsck --strict is clean (exit $fc_rc)"
		tap_diag "$(head -n 20 "$tmp/.fsck")"
	fi
}

# check_clean DESC REPO: "gatehouse check" is clean on REPO's HEAD, read
# through a fresh clone (check reads files; a killed writer may leave a
# work tree behind its branch)
check_clean() {
	cc_dir=$(mktemp -d "$tmp/view.XXXXXX")
	rmdir "$cc_dir"
	git clone -q "$2" "$cc_dir"
	cc_out=$("$GH_BIN" check "$cc_dir" 2>&1)
	cc_rc=$?
	if [ "$cc_rc" = 0 ]; then
		tap_like "$1: gatehouse check is clean" "$cc_out" "clean"
	else
		tap_not_ok "$1: gatehouse check is clean (exit $cc_rc)"
		tap_diag "$(printf '%s\n' "$cc_out" | head -n 20)"
	fi
	rm -rf "$cc_dir"
}

# retries REPO: commits written but never on the branch (failed attempts)
retries() {
	git -C "$1" fsck --unreachable --no-reflogs --no-progress 2>/dev/null |
	    grep -c '^unreachable commit'
}

script_start=$(now_ms)

# ---- the base repository: the demo, plus reviewers to sign off --------------

base=$tmp/base
cp -R "$demo" "$base"
git -C "$base" init -q -b main
git -C "$base" add -A
git -C "$base" commit -q -m "demo packet repository"
awk -v n="$procs" '{ print } $0 == "people:" {
	for (i = 1; i <= n; i++)
		printf "  - id: stress%d\n    name: Stress Tester %d\n    email: stress%d@stress.example\n    roles: [sre]\n", i, i, i
}' "$base/policy/roles.yaml" >"$tmp/roles.yaml"
mv "$tmp/roles.yaml" "$base/policy/roles.yaml"
git -C "$base" commit -q -a -m "policy: $procs reviewers for the stress test"
base_count=$(git -C "$base" rev-list --count HEAD)
base_head=$(git -C "$base" rev-parse HEAD)
base_out=$("$GH_BIN" check "$base" 2>&1)
tap_like "the base repository with $procs more reviewers is clean" "$base_out" "clean"

# ---- no lost writes ------------------------------------------------------------

# worker I REPO N LOG: N sign-offs as reviewer I; exits with the failures
worker() {
	w_fail=0
	w_n=0
	w_author=$(who "$1")
	while [ "$w_n" -lt "$3" ]; do
		GATEHOUSE_AUTHOR=$w_author "$GH_BIN" signoff -C "$2" "$PKT" concur \
		    >>"$4.out" 2>>"$4.err" || w_fail=$((w_fail + 1))
		w_n=$((w_n + 1))
	done
	exit "$w_fail"
}

stress() {
	s_name=$1 s_repo=$2
	s_logs=$tmp/logs-$s_name
	mkdir "$s_logs"
	s_start=$(now_ms)
	s_pids=
	i=1
	while [ "$i" -le "$procs" ]; do
		(worker "$i" "$s_repo" "$per" "$s_logs/w$i") &
		s_pids="$s_pids $!"
		i=$((i + 1))
	done
	s_bad=0
	s_codes=
	for p in $s_pids; do
		wait "$p"
		s_code=$?
		s_codes="$s_codes $s_code"
		[ "$s_code" = 0 ] || s_bad=$((s_bad + 1))
	done
	s_ms=$(($(now_ms) - s_start))
	s_retries=$(retries "$s_repo")
	tap_diag "$s_name: $total sign-offs by $procs processes in $(secs "$s_ms") s" \
	    "$s_name: $((s_ms / total)) ms a sign-off, $((total * 1000 / (s_ms + 1))) a second; $s_retries retried attempts (unreachable commits)"

	tap_is "$s_name: every process exited 0 (failed sign-offs per process:$s_codes)" "$s_bad" 0
	if [ "$(cat "$s_logs"/*.err | wc -c)" != 0 ]; then
		tap_not_ok "$s_name: nothing on stderr"
		tap_diag "$(cat "$s_logs"/*.err | sort | uniq -c | sort -rn | head -n 10)"
	else
		tap_ok "$s_name: nothing on stderr"
	fi
	acked "$s_logs" >"$tmp/$s_name.acked"
	tap_is "$s_name: $total sign-offs acknowledged" "$(wc -l <"$tmp/$s_name.acked" | tr -d ' ')" \
	    "$total"
	tap_is "$s_name: $total new commits" "$(git -C "$s_repo" rev-list --count HEAD)" \
	    "$((base_count + total))"
	tap_is "$s_name: on the old tip" "$(git -C "$s_repo" merge-base "$base_head" HEAD)" "$base_head"
	tap_is "$s_name: linear history (no merges)" "$(git -C "$s_repo" rev-list --merges HEAD)" ""
	git -C "$s_repo" ls-tree -r --name-only HEAD "packets/$PKT/reviews/" | sort >"$tmp/$s_name.tree"
	tap_is "$s_name: $total record files under reviews/" \
	    "$(wc -l <"$tmp/$s_name.tree" | tr -d ' ')" "$total"
	tap_is "$s_name: each commit adds exactly one file" \
	    "$(git -C "$s_repo" log --format= --name-status "$base_head..HEAD" | cut -c1 | sort | uniq -c | tr -s ' ')" \
	    " $total A"
	cut -d' ' -f1 "$tmp/$s_name.acked" | sort >"$tmp/$s_name.ackpaths"
	tap_is "$s_name: every acknowledged file is in HEAD, and nothing else" \
	    "$(comm -3 "$tmp/$s_name.ackpaths" "$tmp/$s_name.tree" | head -n 5)" ""
	git -C "$s_repo" rev-list "$base_head..HEAD" | cut -c1-12 | sort >"$tmp/$s_name.commits"
	cut -d' ' -f2 "$tmp/$s_name.acked" | sort >"$tmp/$s_name.ackcommits"
	tap_is "$s_name: every acknowledged commit is on the branch" \
	    "$(comm -23 "$tmp/$s_name.ackcommits" "$tmp/$s_name.commits" | head -n 5)" ""
	s_authors=$(git -C "$s_repo" log --format=%ae "$base_head..HEAD" | sort | uniq -c |
	    awk -v per="$per" '$1 != per' | head -n 5)
	tap_is "$s_name: $per commits by each reviewer" "$s_authors" ""
	fsck_clean "$s_name" "$s_repo"
}

bare=$tmp/shared.git
git clone -q --bare "$base" "$bare"
stress bare "$bare"
check_clean bare "$bare"

clone=$tmp/clone
git clone -q "$base" "$clone"
stress clone "$clone"
check_clean clone "$clone"
tap_is "clone: git status is clean (the checkout kept up)" \
    "$(git -C "$clone" status --porcelain | head -n 5)" ""
missing=0
while read -r f; do
	[ -f "$clone/$f" ] || missing=$((missing + 1))
done <"$tmp/clone.tree"
tap_is "clone: every record is in the work tree" "$missing" 0

# ---- the kill test -----------------------------------------------------------------

# killer_worker I REPO DIR: sign off as reviewer I until DIR/stop exists,
# each attempt's output in its own file, the running pid in DIR/wI.pid
killer_worker() {
	k_n=0
	k_author=$(who "$1")
	while [ ! -e "$3/stop" ]; do
		GATEHOUSE_AUTHOR=$k_author "$GH_BIN" signoff -C "$2" "$PKT" concur \
		    >"$3/w$1.$k_n.out" 2>"$3/w$1.$k_n.err" &
		echo "$!" >"$3/w$1.pid"
		wait "$!"
		k_n=$((k_n + 1))
	done
	exit 0
}

gh_exe=$(readlink -f "$GH_BIN" 2>/dev/null || echo "$GH_BIN")
# kill_pid PIDFILE: SIGKILL the sign-off it names, if it is still ours
kill_pid() {
	[ -s "$1" ] || return 1
	kp=$(cat "$1")
	if [ -d /proc/self ]; then
		[ "$(readlink "/proc/$kp/exe" 2>/dev/null)" = "$gh_exe" ] || return 1
	fi
	kill -9 "$kp" 2>/dev/null
}

# kill_test NAME REPO: $rounds rounds of 4 sign-off loops, SIGKILLed at
# random moments
kill_test() {
	k_name=$1 k_repo=$2
	k_logs=$tmp/kill-$k_name
	mkdir "$k_logs"
	k_head=$(git -C "$k_repo" rev-parse HEAD)
	k_killed=0
	k_stale=0
	k_start=$(now_ms)
	round=1
	while [ "$round" -le "$rounds" ]; do
		k_dir=$k_logs/round$round
		mkdir "$k_dir"
		k_pids=
		i=1
		while [ "$i" -le 4 ]; do
			# (its stderr: the shell's "Killed" notes)
			(killer_worker "$i" "$k_repo" "$k_dir") 2>>"$k_dir/shell.err" &
			k_pids="$k_pids $!"
			i=$((i + 1))
		done
		k=0
		while [ "$k" -lt 12 ]; do
			sleep "0.$(printf '%03d' $((20 + $(random 250))))"
			kill_pid "$k_dir/w$((1 + $(random 4))).pid" && k_killed=$((k_killed + 1))
			k=$((k + 1))
		done
		: >"$k_dir/stop"
		for i in 1 2 3 4; do
			kill_pid "$k_dir/w$i.pid" && k_killed=$((k_killed + 1))
		done
		for p in $k_pids; do
			wait "$p"
		done
		# a writer killed while it held the branch's lock leaves it behind,
		# as git does; a person would remove it, so the test does too
		for lock in "$k_repo/refs/heads/main.lock" "$k_repo/.git/refs/heads/main.lock" \
		    "$k_repo/.git/index.lock"; do
			if [ -e "$lock" ]; then
				k_stale=$((k_stale + 1))
				tap_diag "$k_name round $round: stale ${lock#"$k_repo"/} left by a killed writer"
				rm -f "$lock"
			fi
		done
		round=$((round + 1))
	done
	k_ms=$(($(now_ms) - k_start))
	for d in "$k_logs"/round*; do
		acked "$d"
	done >"$tmp/$k_name.kacked"
	k_acked=$(wc -l <"$tmp/$k_name.kacked" | tr -d ' ')
	k_new=$(git -C "$k_repo" rev-list --count "$k_head..HEAD" 2>/dev/null)
	tap_diag "$k_name kill test: $rounds rounds in $(secs "$k_ms") s: $k_killed sign-offs killed, $k_acked acknowledged, ${k_new:-?} committed, $(retries "$k_repo") unreachable commits, $k_stale stale locks"

	tap_check "$k_name kill test: some sign-offs were killed" test "$k_killed" -gt 0
	tap_check "$k_name kill test: some sign-offs were acknowledged" test "$k_acked" -gt 0
	fsck_clean "$k_name kill test" "$k_repo"
	tap_check "$k_name kill test: HEAD resolves to a commit" \
	    git -C "$k_repo" rev-parse -q --verify --no-revs "HEAD^{commit}"
	check_clean "$k_name kill test" "$k_repo"
	tap_is "$k_name kill test: linear history" "$(git -C "$k_repo" rev-list --merges HEAD)" ""
	git -C "$k_repo" ls-tree -r --name-only HEAD "packets/$PKT/reviews/" | sort >"$tmp/$k_name.ktree"
	cut -d' ' -f1 "$tmp/$k_name.kacked" | sort >"$tmp/$k_name.kackpaths"
	tap_is "$k_name kill test: every acknowledged sign-off is in HEAD's tree" \
	    "$(comm -23 "$tmp/$k_name.kackpaths" "$tmp/$k_name.ktree" | head -n 5)" ""
	tap_is "$k_name kill test: one file for each commit" \
	    "$(git -C "$k_repo" log --format= --name-status "$k_head..HEAD" | cut -c1 | sort -u)" \
	    "$([ "${k_new:-0}" -gt 0 ] && echo A)"
	k_before=$(git -C "$k_repo" rev-parse HEAD)
	k_out=$(GATEHOUSE_AUTHOR=$(who 1) "$GH_BIN" signoff -C "$k_repo" "$PKT" concur 2>&1)
	tap_like "$k_name kill test: a sign-off afterwards works" "$k_out" "Recorded signoff"
	tap_is "$k_name kill test: on the tip" "$(git -C "$k_repo" rev-parse HEAD^)" "$k_before"
}

kill_test bare "$bare"
kill_test clone "$clone"
last=$(git -C "$clone" diff-tree --no-commit-id -r --name-only HEAD)
tap_check "clone kill test: the last sign-off is in the work tree" test -f "$clone/$last"

times >"$tmp/.times"
tap_diag "total $(secs $(($(now_ms) - script_start))) s; CPU of everything it ran: $(sed -n 2p "$tmp/.times" | awk '{ print $1 " user, " $2 " system" }')"
tap_done
