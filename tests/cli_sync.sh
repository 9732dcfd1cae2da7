#!/bin/sh
# cli_sync.sh -- "gatehouse sync" between a shared bare repository and two
# clones: records made everywhere at once all arrive everywhere, history
# stays linear, authors and trailers survive the replay, an unreachable
# remote or a conflicting hand edit loses nothing, and (when sshd can be
# started on a loopback port) the same over ssh://.  Prints TAP.
#
# Environment: GH_BIN (the built binary), GH_SRCDIR (the source tree).
set -u

here=$(dirname "$0")
: "${GH_SRCDIR:=$here/..}"
if [ -f "$here/tap.sh" ]; then
	. "$here/tap.sh"
else
	. "$GH_SRCDIR/tests/tap.sh"
fi
: "${GH_BIN:=${GH_BUILDDIR:-.}/src/gatehouse}"
[ -x "$GH_BIN" ] || tap_skip_all "gatehouse binary not found at $GH_BIN"
command -v git >/dev/null 2>&1 || tap_skip_all "no git"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/gh-sync.XXXXXX") || tap_skip_all "mktemp failed"
sshd_pid=
cleanup() {
	[ -n "$sshd_pid" ] && kill "$sshd_pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

LC_ALL=C
LANGUAGE=
HOME=$tmp/home
GIT_CONFIG_NOSYSTEM=1
GATEHOUSE_TODAY=2026-11-21
export LC_ALL LANGUAGE HOME GIT_CONFIG_NOSYSTEM GATEHOUSE_TODAY
unset GATEHOUSE_REPO GATEHOUSE_AUTHOR SSH_AUTH_SOCK GIT_DIR GIT_WORK_TREE
# libgit2 1.5 leaks a PCRE2 match block per config entry it does not match
# while resolving a remote (url.*.insteadOf); not ours to free.
printf 'leak:libpcre2-8.so\n' >"$tmp/lsan.supp"
LSAN_OPTIONS="suppressions=$tmp/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export LSAN_OPTIONS
mkdir -p "$HOME"
git config --global user.name "Setup Script"
git config --global user.email setup@northwind.example
git config --global init.defaultBranch main

ZOE="Zoë Lambert <zoe.lambert@northwind.example>"
JUERGEN="Jürgen Weiß <juergen.weiss@northwind.example>"
AMARA="Amara Okonkwo <amara.okonkwo@northwind.example>"
BJORN="Björn Åkesson <bjorn.akesson@northwind.example>"
MATEO="Mateo Fernández <mateo.fernandez@northwind.example>"
PK=CHG-2026-0412

# as IDENTITY CMD...: run gatehouse as a reviewer
as() {
	who=$1
	shift
	GATEHOUSE_AUTHOR=$who "$GH_BIN" "$@"
}

reviews() {	# reviews GITDIR: the review files on main
	git -C "$1" ls-tree -r --name-only main | grep '/reviews/' | LC_ALL=C sort
}

tree_of() {
	git -C "$1" ls-tree -r main
}

# ---- a shared repository and two clones -------------------------------

cp -R "$GH_SRCDIR/data/demo" "$tmp/seed"
(cd "$tmp/seed" && git init -q && git add -A && git commit -qm "Packet repository") ||
	tap_skip_all "git init failed"
git clone -q --bare "$tmp/seed" "$tmp/remote.git"
git clone -q "$tmp/remote.git" "$tmp/A"
git clone -q "$tmp/remote.git" "$tmp/B"
R=$tmp/remote.git
A=$tmp/A
B=$tmp/B
base_reviews=$(reviews "$R" | wc -l)

# ---- the simple cases --------------------------------------------------

run "$GH_BIN" sync -C "$A"
tap_is "nothing to do: exit 0" "$rc" 0
tap_like "nothing to do: summary" "$out" "synced with origin: fetched 0, pushed 0 record(s), now at "

as "$ZOE" comment -C "$A" -m "Rehearsal numbers look sane." $PK >/dev/null
zfile=$(reviews "$A" | tail -n 1)
run "$GH_BIN" sync -C "$A"
tap_is "a clone's record goes out: exit 0" "$rc" 0
tap_like "a clone's record goes out: summary" "$out" "fetched 0, pushed 1 record(s)"
tap_check "the remote has the record" git -C "$R" cat-file -e "main:$zfile"

as "$JUERGEN" signoff -C "$B" $PK concur >/dev/null
jfile=$(reviews "$B" | grep jweiss | tail -n 1)
jorig=$(git -C "$B" rev-parse main)
run "$GH_BIN" sync -C "$B"
tap_is "a record made meanwhile is replayed: exit 0" "$rc" 0
tap_like "a record made meanwhile is replayed: summary" "$out" "fetched 1, pushed 1 record(s)"
tap_check "the other clone's record is checked out" test -f "$B/$zfile"
tap_is "the checkout is clean after sync" "$(git -C "$B" status --porcelain)" ""
jnew=$(git -C "$R" log -n 1 --format=%H main -- "$jfile")
tap_is "replayed: author kept" "$(git -C "$R" log -n 1 --format='%an <%ae> %ad' "$jnew")" \
    "$(git -C "$B" log -n 1 --format='%an <%ae> %ad' "$jorig")"
tap_is "replayed: committer kept" "$(git -C "$R" log -n 1 --format='%cn <%ce> %cd' "$jnew")" \
    "$(git -C "$B" log -n 1 --format='%cn <%ce> %cd' "$jorig")"
tap_is "replayed: message and trailers kept" "$(git -C "$R" log -n 1 --format=%B "$jnew")" \
    "$(git -C "$B" cat-file commit "$jorig" | sed '1,/^$/d')"
tap_is "replayed onto the remote's record" "$(git -C "$R" rev-parse "$jnew^")" \
    "$(git -C "$A" rev-parse main)"

as "$AMARA" comment -C "$R" -m "Written on the host." $PK >/dev/null
run "$GH_BIN" sync -C "$A"
tap_like "host and clone records both arrive" "$out" "fetched 2, pushed 0 record(s)"
tap_is "clone and remote agree" "$(git -C "$A" rev-parse main)" "$(git -C "$R" rev-parse main)"

# ---- everybody at once -------------------------------------------------

N=${GH_SYNC_RECORDS:-12}	# records per writer (more for a stress run)
D=4	# decisions
S=${GH_SYNC_ROUNDS:-10}	# sync rounds per clone

writer() {	# writer REPO IDENTITY TAG
	i=0
	while [ $i -lt $N ]; do
		if [ $((i % 3)) -eq 2 ]; then
			as "$2" signoff -C "$1" $PK concur
		else
			as "$2" comment -C "$1" -m "$3 note $i" $PK
		fi >>"$tmp/rec.$3" 2>>"$tmp/err.$3" || echo "FAILED $3 $i" >>"$tmp/err.$3"
		i=$((i + 1))
	done
}

lead() {	# lead REPO: the change lead decides now and then
	i=0
	while [ $i -lt $D ]; do
		as "$MATEO" decide -C "$1" $PK support >>"$tmp/rec.lead" 2>>"$tmp/err.lead" ||
			echo "FAILED lead $i" >>"$tmp/err.lead"
		i=$((i + 1))
	done
}

syncer() {	# syncer REPO TAG [REMOTE]
	i=0
	while [ $i -lt $S ]; do
		"$GH_BIN" sync -C "$1" ${3:-origin} >>"$tmp/sync.$2" 2>&1 ||
			echo "FAILED sync $2 $i" >>"$tmp/sync.$2"
		i=$((i + 1))
	done
}

# spawn CMD...: run it in the background; join: wait for what spawn started
# (a bare "wait" would also wait for the test's sshd, which never ends)
spawned=
spawn() {
	"$@" &
	spawned="$spawned $!"
}
join() {
	for j in $spawned; do
		wait "$j"
	done
	spawned=
}

spawn writer "$A" "$ZOE" a1
spawn writer "$A" "$BJORN" a2
spawn writer "$B" "$JUERGEN" b1
spawn writer "$R" "$AMARA" host
spawn lead "$B"
spawn syncer "$A" A
spawn syncer "$B" B
join

tap_is "every concurrent record was acknowledged, without a warning" "$(cat "$tmp"/err.*)" ""
tap_is "every concurrent sync succeeded" "$(grep -v '^synced with origin' "$tmp/sync.A" "$tmp/sync.B")" ""

for round in 1 2; do
	"$GH_BIN" sync -C "$A" >/dev/null 2>&1
	"$GH_BIN" sync -C "$B" >/dev/null 2>&1
done
run "$GH_BIN" sync -C "$A"
tap_is "final sync: exit 0" "$rc" 0

sed -n 's/^Recorded [a-z]* on [^ ]* as \([^ ]*\) in commit .*/\1/p' "$tmp"/rec.* |
    LC_ALL=C sort >"$tmp/made"
made=$(wc -l <"$tmp/made")
tap_is "all writers recorded" "$made" $((4 * N + D))
for g in "$R" "$A" "$B"; do
	reviews "$g" >"$tmp/have"
	missing=$(LC_ALL=C comm -23 "$tmp/made" "$tmp/have")
	tap_is "every record is in $(basename "$g")" "$missing" ""
	tap_is "record count in $(basename "$g")" "$(wc -l <"$tmp/have")" \
	    $((base_reviews + 3 + 4 * N + D))
done
tap_is "A has exactly the remote's tree" "$(tree_of "$A")" "$(tree_of "$R")"
tap_is "B has exactly the remote's tree" "$(tree_of "$B")" "$(tree_of "$R")"
tap_is "all three at the same commit" \
    "$(git -C "$A" rev-parse main) $(git -C "$B" rev-parse main)" \
    "$(git -C "$R" rev-parse main) $(git -C "$R" rev-parse main)"
tap_is "history is linear" "$(git -C "$R" rev-list --merges main | wc -l)" 0
tap_is "one commit per record" "$(git -C "$R" rev-list --count main)" \
    $((1 + 3 + 4 * N + D))
for g in "$R" "$A" "$B"; do
	run git -C "$g" fsck --no-progress --no-dangling --strict
	tap_is "git fsck clean in $(basename "$g")" "$rc:$out$err" "0:"
done

bad=
for tag in a1:zoe.lambert a2:bjorn.akesson b1:juergen.weiss host:amara.okonkwo \
    lead:mateo.fernandez; do
	sed -n 's/^Recorded [a-z]* on [^ ]* as \([^ ]*\) in commit .*/\1/p' "$tmp/rec.${tag%%:*}" >"$tmp/files"
	while read -r f; do
		who=$(git -C "$R" log -n 1 --format=%ae main -- "$f")
		[ "$who" = "${tag#*:}@northwind.example" ] || bad="$bad $f:$who"
	done <"$tmp/files"
done
tap_is "every record keeps its author" "$bad" ""
tap_is "every decision keeps its trailers" \
    "$(git -C "$R" log --format='%(trailers:key=Gatehouse-Record,valueonly)' main | grep -c '^decision$')" "$D"
missing=
while read -r f; do
	for g in "$A" "$B"; do
		[ -f "$g/$f" ] || missing="$missing $(basename "$g"):$f"
	done
done <"$tmp/made"
tap_is "every record is checked out in both clones" "$missing" ""
tap_is "A's checkout matches its branch" "$(git -C "$A" status --porcelain)" ""
tap_is "B's checkout matches its branch" "$(git -C "$B" status --porcelain)" ""
tap_is "no sync left a private ref behind" "$(git -C "$R" for-each-ref refs/gatehouse)" ""

# ---- the remote is away ------------------------------------------------

as "$ZOE" comment -C "$A" -m "Written while the host was away." $PK >/dev/null
away=$(reviews "$A" | LC_ALL=C comm -23 - "$tmp/have" | tail -n 1)
before=$(git -C "$A" rev-parse main)
mv "$R" "$tmp/remote.moved"
run "$GH_BIN" sync -C "$A"
tap_is "unreachable remote: exit 1" "$rc" 1
tap_like "unreachable remote: says so" "$err" "could not reach origin: "
tap_is "unreachable remote: one line" "$(printf '%s\n' "$err" | wc -l)" 1
tap_is "unreachable remote: branch untouched" "$(git -C "$A" rev-parse main)" "$before"
tap_check "unreachable remote: record still there" git -C "$A" cat-file -e "main:$away"
mv "$tmp/remote.moved" "$R"
run "$GH_BIN" sync -C "$A"
tap_is "remote back: exit 0" "$rc" 0
tap_check "remote back: the record arrived" git -C "$R" cat-file -e "main:$away"

git -C "$A" remote add closed ssh://gatehouse@127.0.0.1:1/srv/packets.git
as "$ZOE" comment -C "$A" -m "Second try." $PK >/dev/null
before=$(git -C "$A" rev-parse main)
run "$GH_BIN" sync -C "$A" closed
tap_is "ssh to a closed port: exit 1" "$rc" 1
tap_like "ssh to a closed port: says so" "$err" "could not reach closed: "
tap_is "ssh to a closed port: branch untouched" "$(git -C "$A" rev-parse main)" "$before"
run "$GH_BIN" sync -C "$A"
tap_is "then origin takes it: exit 0" "$rc" 0

git -C "$A" remote add rel ../remote.git
as "$ZOE" comment -C "$A" -m "Through a relative remote." $PK >/dev/null
rfile=$(git -C "$A" diff --name-only HEAD~1 HEAD)
run sh -c 'cd / && exec "$0" sync -C "$1" rel' "$GH_BIN" "$A"
tap_is "a relative remote path is the clone's: exit 0" "$rc" 0
tap_check "a relative remote path is the clone's: record arrived" \
    git -C "$R" cat-file -e "main:$rfile"

# ---- a conflicting hand edit --------------------------------------------

"$GH_BIN" sync -C "$B" >/dev/null
printf '# tightened by A\n' >>"$A/policy/gates.yaml"
git -C "$A" commit -q -am "Tighten a gate by hand"
as "$ZOE" comment -C "$A" -m "After my gate edit." $PK >/dev/null
afile=$(git -C "$A" diff --name-only HEAD~1 HEAD)
printf '# loosened by B\n' >>"$B/policy/gates.yaml"
git -C "$B" commit -q -am "Loosen a gate by hand"
run "$GH_BIN" sync -C "$B"
tap_is "the first hand edit goes out" "$rc" 0
before=$(git -C "$A" rev-parse main)
remote_before=$(git -C "$R" rev-parse main)
run "$GH_BIN" sync -C "$A"
tap_is "conflicting hand edit: exit 1" "$rc" 1
tap_like "conflicting hand edit: names the file" "$err" "policy/gates.yaml"
tap_is "conflicting hand edit: local branch untouched" "$(git -C "$A" rev-parse main)" "$before"
tap_is "conflicting hand edit: remote untouched" "$(git -C "$R" rev-parse main)" "$remote_before"
tap_like "conflicting hand edit: local edit kept" "$(cat "$A/policy/gates.yaml")" "tightened by A"
tap_check "conflicting hand edit: local record kept" git -C "$A" cat-file -e "main:$afile"
tap_is "conflicting hand edit: checkout untouched" "$(git -C "$A" status --porcelain)" ""

# The same edit on both sides is no conflict.
git -C "$A" reset -q --hard HEAD~2
git -C "$A" pull -q --ff-only
printf '# same on both sides\n' >>"$A/policy/options.yaml"
git -C "$A" commit -q -am "Same edit in A"
printf '# same on both sides\n' >>"$B/policy/options.yaml"
git -C "$B" commit -q -am "Same edit in B"
"$GH_BIN" sync -C "$B" >/dev/null
run "$GH_BIN" sync -C "$A"
tap_is "the same edit on both sides: exit 0" "$rc" 0
tap_like "the same edit on both sides: nothing to push" "$out" "pushed 0 record(s)"

# ---- records are append-only ----------------------------------------------

gone=$(reviews "$A" | head -n 1)
git -C "$A" rm -q "$gone"
git -C "$A" commit -q -m "Drop a record by hand"
before=$(git -C "$A" rev-parse main)
remote_before=$(git -C "$R" rev-parse main)
run "$GH_BIN" sync -C "$A"
tap_is "deleting a record: exit 1" "$rc" 1
tap_like "deleting a record: says so" "$err" "delete the review record $gone"
tap_is "deleting a record: remote untouched" "$(git -C "$R" rev-parse main)" "$remote_before"
as "$AMARA" comment -C "$R" -m "Meanwhile on the host." $PK >/dev/null
run "$GH_BIN" sync -C "$A"
tap_is "deleting a record, remote moved: exit 1" "$rc" 1
tap_is "deleting a record, remote moved: branch untouched" "$(git -C "$A" rev-parse main)" "$before"
git -C "$A" revert --no-edit HEAD >/dev/null
run "$GH_BIN" sync -C "$A"
tap_is "record restored: exit 0" "$rc" 0
tap_check "record restored: still on the remote" git -C "$R" cat-file -e "main:$gone"

# ---- usage -------------------------------------------------------------

run "$GH_BIN" sync -C "$A" nowhere
tap_is "unknown remote: exit 2" "$rc" 2
tap_like "unknown remote: says so" "$err" "no remote named 'nowhere'"
run "$GH_BIN" sync --bogus
tap_is "unknown option: exit 2" "$rc" 2
run "$GH_BIN" sync -C "$A" origin extra
tap_is "too many arguments: exit 2" "$rc" 2
git -C "$B" checkout -q --detach
run "$GH_BIN" sync -C "$B"
tap_is "detached HEAD: exit 2" "$rc" 2
git -C "$B" checkout -q main
run "$GH_BIN" help sync
tap_like "help sync" "$out" "gatehouse sync [-C DIR] [REMOTE]"

# ---- over ssh:// (sshd on a loopback port, when it can run here) --------

ssh_skip=
SSHD=$(command -v sshd 2>/dev/null || echo /usr/sbin/sshd)
if [ ! -x "$SSHD" ] || ! command -v ssh-keygen >/dev/null 2>&1; then
	ssh_skip="no sshd"
elif [ ! -d /run/sshd ] && ! mkdir -p /run/sshd 2>/dev/null; then
	ssh_skip="sshd has no privilege separation directory"
fi
if [ -z "$ssh_skip" ]; then
	mkdir -p "$tmp/sshd" "$HOME/.ssh"
	chmod 700 "$tmp/sshd" "$HOME/.ssh"
	ssh-keygen -q -t ed25519 -N '' -f "$tmp/sshd/host_key"
	ssh-keygen -q -t ed25519 -N '' -f "$HOME/.ssh/id_ed25519"
	cp "$HOME/.ssh/id_ed25519.pub" "$tmp/sshd/authorized_keys"
	tries=0
	while [ $tries -lt 5 ] && [ -z "$sshd_pid" ]; do
		port=$(( 20000 + ($$ * 7 + tries * 1543) % 40000 ))
		cat >"$tmp/sshd/config" <<EOF
Port $port
ListenAddress 127.0.0.1
HostKey $tmp/sshd/host_key
PidFile $tmp/sshd/pid
AuthorizedKeysFile $tmp/sshd/authorized_keys
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
EOF
: >"$tmp/sshd/log"
		"$SSHD" -D -e -f "$tmp/sshd/config" 2>"$tmp/sshd/log" &
		sshd_pid=$!
		n=0
		while [ $n -lt 50 ] && ! grep -q 'Server listening' "$tmp/sshd/log"; do
			kill -0 "$sshd_pid" 2>/dev/null || break
			sleep 0.1
			n=$((n + 1))
		done
		if ! grep -q 'Server listening' "$tmp/sshd/log"; then
			kill "$sshd_pid" 2>/dev/null
			wait "$sshd_pid" 2>/dev/null
			sshd_pid=
		fi
		tries=$((tries + 1))
	done
	[ -n "$sshd_pid" ] || ssh_skip="sshd did not start: $(tail -n 1 "$tmp/sshd/log")"
fi
if [ -n "$ssh_skip" ]; then
	tap_skip "sync over ssh://" "$ssh_skip"
else
	me=$(id -un)
	"$GH_BIN" sync -C "$B" >/dev/null
	# libgit2 1.5.1 leaks its known_hosts list on every SSH connection.
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
	export ASAN_OPTIONS
	git -C "$B" remote add host "ssh://$me@127.0.0.1:$port$R"
	as "$JUERGEN" comment -C "$B" -m "Sent over SSH." $PK >/dev/null
	sfile=$(git -C "$B" diff --name-only HEAD~1 HEAD)
	run "$GH_BIN" sync -C "$B" host
	tap_is "ssh, unknown host key: exit 1" "$rc" 1
	tap_like "ssh, unknown host key: says so" "$err" "could not reach host: "
	echo "[127.0.0.1]:$port $(cut -d' ' -f1,2 "$tmp/sshd/host_key.pub")" >"$HOME/.ssh/known_hosts"
	run "$GH_BIN" sync -C "$B" host
	tap_is "ssh: exit 0" "$rc" 0
	tap_like "ssh: summary" "$out" "synced with host: fetched 0, pushed 1 record(s)"
	tap_check "ssh: the record arrived" git -C "$R" cat-file -e "main:$sfile"
	as "$AMARA" comment -C "$R" -m "Back over SSH." $PK >/dev/null
	run "$GH_BIN" sync -C "$B" host
	tap_like "ssh: fetch" "$out" "fetched 1, pushed 0 record(s)"
	tap_is "ssh: clone and remote agree" "$(git -C "$B" rev-parse main)" "$(git -C "$R" rev-parse main)"
	mv "$HOME/.ssh/id_ed25519" "$HOME/.ssh/id_ed25519.away"
	as "$JUERGEN" comment -C "$B" -m "No key now." $PK >/dev/null
	run "$GH_BIN" sync -C "$B" host
	tap_is "ssh, no key: exit 1" "$rc" 1
	tap_like "ssh, no key: says which keys it tried" "$err" "no SSH key was accepted"
	mv "$HOME/.ssh/id_ed25519.away" "$HOME/.ssh/id_ed25519"
	run "$GH_BIN" sync -C "$B" host
	tap_is "ssh, key back: exit 0" "$rc" 0
	# both clones and the host at once, over SSH: the host checks the old
	# value of the branch itself
	git -C "$A" remote add host "ssh://$me@127.0.0.1:$port$R"
	"$GH_BIN" sync -C "$A" host >/dev/null 2>&1
	rm -f "$tmp"/rec.* "$tmp"/err.* "$tmp"/sync.*
	N=5 S=6
	spawn writer "$A" "$ZOE" a1
	spawn writer "$B" "$JUERGEN" b1
	spawn writer "$R" "$AMARA" host
	spawn syncer "$A" A host
	spawn syncer "$B" B host
	join
	tap_is "ssh, all at once: every record acknowledged" "$(cat "$tmp"/err.*)" ""
	tap_is "ssh, all at once: every sync succeeded" \
	    "$(grep -v '^synced with host' "$tmp/sync.A" "$tmp/sync.B")" ""
	"$GH_BIN" sync -C "$A" host >/dev/null 2>&1
	"$GH_BIN" sync -C "$B" host >/dev/null 2>&1
	"$GH_BIN" sync -C "$A" host >/dev/null 2>&1
	sed -n 's/^Recorded [a-z]* on [^ ]* as \([^ ]*\) in commit .*/\1/p' "$tmp"/rec.* |
	    LC_ALL=C sort >"$tmp/made"
	reviews "$R" >"$tmp/have"
	tap_is "ssh, all at once: every record on the host" \
	    "$(wc -l <"$tmp/made") $(LC_ALL=C comm -23 "$tmp/made" "$tmp/have")" "$((3 * N)) "
	tap_is "ssh, all at once: the clones have the host's tree" \
	    "$(tree_of "$A" | cksum) $(tree_of "$B" | cksum)" \
	    "$(tree_of "$R" | cksum) $(tree_of "$R" | cksum)"
	tap_is "ssh, all at once: history is linear" \
	    "$(git -C "$R" rev-list --merges main | wc -l)" 0
	run git -C "$R" fsck --no-progress --no-dangling --strict
	tap_is "ssh: git fsck clean" "$rc:$out$err" "0:"
fi

tap_done
