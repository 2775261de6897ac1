# tests/golden_lib.sh — what every golden runner shares; source it with
# the prefix of its temporary directory:
#
#   . "$(dirname "$0")/../golden_lib.sh" cspcheck-golden "$@"
#
# It reads the runner's arguments (CSPCHECK [--update]) into $cspcheck (an
# absolute path) and $update (0 or 1), makes a temporary directory $tmp
# removed at exit, sets NO_COLOR and LC_ALL=C so output does not depend on
# the terminal or locale, and defines pass NAME, fail NAME REASON and
# finish, which prints "N passed, N failed" and exits 1 when any failed.
set -u
shopt -s nullglob

golden_prefix=$1
shift
usage() {
	echo "usage: $0 CSPCHECK [--update]" >&2
	exit 2
}
[ $# -ge 1 ] || usage
cspcheck=$1
update=0
[ $# -ge 2 ] && { [ "$2" = --update ] && update=1 || usage; }
case $cspcheck in
/*) ;;
*) cspcheck=$PWD/$cspcheck ;;
esac
[ -x "$cspcheck" ] || { echo "$0: $cspcheck is not executable" >&2; exit 2; }

here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/$golden_prefix.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
export NO_COLOR=1 LC_ALL=C

passed=0
failed=0
pass() {
	passed=$((passed + 1))
	echo "ok   $1"
}
fail() {
	failed=$((failed + 1))
	echo "FAIL $1: $2"
}
finish() {
	echo "$passed passed, $failed failed"
	[ $failed -eq 0 ]
	exit
}
