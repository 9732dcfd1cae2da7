#!/bin/sh
# cli_restricted.sh -- restricted evidence: whoever cannot read the companion
# repository sees placeholders, and no restricted byte reaches text, JSON or
# Markdown output; whoever can read it sees the items.  File access is the
# operating system's: as root the test runs gatehouse as nobody (setpriv).
. "$(dirname "$0")/tap.sh"

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
chmod 755 "$T"
cp -R "$GH_SRCDIR/data/demo" "$GH_SRCDIR/data/demo-restricted" "$T/"
chmod -R a+rX "$T/demo"
cp "$GH_BIN" "$T/gh" && chmod 755 "$T/gh"
# markers that only exist in the companion's files
MARK1=CONFIDENTIAL-MARKER-7Q3
MARK2=INC-88213
MARK3=finance.northwind.example

as_outsider() {
	if [ "$(id -u)" = 0 ]; then
		setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
	else
		"$@"
	fi
}

# 1. a reader with access gets the items
out=$("$T/gh" evaluate --repo "$T/demo" --today 2026-11-21 CHG-2026-0412)
tap_like "reader sees the incident history item" "$out" "Checkout database incidents"
tap_like "reader sees it marked restricted" "$out" "[restricted]"

# 2. an outsider: the companion is closed to them by the OS
chmod 700 "$T/demo-restricted"
if [ "$(id -u)" != 0 ]; then chmod 000 "$T/demo-restricted"; fi
for fmt in text json markdown; do
	out=$(as_outsider "$T/gh" evaluate --repo "$T/demo" --today 2026-11-21 --format $fmt CHG-2026-0412)
	rc=$?
	tap_is "outsider $fmt exits 0" "$rc" 0
	tap_unlike "no restricted byte in $fmt (summary)" "$out" "$MARK1"
	tap_unlike "no restricted byte in $fmt (incident)" "$out" "$MARK2"
	tap_unlike "no restricted byte in $fmt (link)" "$out" "$MARK3"
	tap_like "placeholder shown in $fmt" "$out" "checkout-incident-history"
done
out=$(as_outsider "$T/gh" evaluate --repo "$T/demo" --today 2026-11-21 CHG-2026-0412)
tap_like "placeholder names the class and readers" "$out" \
    "[restricted: incident-history; readable by sre, security, change-lead]"
out=$(as_outsider "$T/gh" check "$T/demo")
tap_is "check is clean for an outsider" "$?" 0

# 3. restricted content put into the main repository is refused
cp "$T/demo-restricted/packets/CHG-2026-0412/evidence/checkout-incident-history.yaml" \
    "$T/demo/packets/CHG-2026-0412/evidence/leak.yaml"
out=$("$T/gh" check "$T/demo")
tap_is "restricted content in the main repository is an error" "$?" 1
tap_like "the error says where it belongs" "$out" "must not be stored in this repository"
rm "$T/demo/packets/CHG-2026-0412/evidence/leak.yaml"

# 4. a placeholder that carries content is refused
printf 'restricted: true\ntype: link\nsensitivity: incident-history\ntitle: leaked\n' \
    > "$T/demo/packets/CHG-2026-0412/evidence/bad-placeholder.yaml"
out=$("$T/gh" check "$T/demo")
tap_like "a placeholder carries no content" "$out" "bad-placeholder.yaml:4:1: error: a restricted placeholder carries only"
rm "$T/demo/packets/CHG-2026-0412/evidence/bad-placeholder.yaml"

tap_done
