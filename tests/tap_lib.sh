# Sourced by the TAP test scripts (tests/checker/*.sh, tests/specs/
# run_golden.sh): `ok MSG` and `not_ok MSG` number and print one test
# line; `tap_end` prints the plan and fails when any test failed.
n=0
failed=0
ok() {
	n=$((n + 1))
	echo "ok $n - $1"
}
not_ok() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $1"
}
tap_end() {
	echo "1..$n"
	[ $failed -eq 0 ]
}
