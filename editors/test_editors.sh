#!/bin/sh
# test_editors.sh SOURCE_ROOT: the editor support of editors/ against every
# specs/*.csp and editors/test/sample.csp, as TAP on stdout.
#
# The TextMate grammar (cspm.tmLanguage.json) and the VS Code manifest are
# checked by editors/test/check_editors.py, which applies the grammar's
# regexes as VS Code does and compares the scopes with what cspcheck's lexer
# rules say each token is; the Vim syntax file (vim/) is checked by running
# vim headless, or skipped with a message when vim is not installed. See
# check_editors.py for the details. Exit status 77 (skipped) only when
# nothing could be checked: python3 is missing.
root=${1:-$(dirname "$0")/..}
if ! command -v python3 >/dev/null 2>&1; then
	echo "1..0 # SKIP python3 is not installed: nothing to check the editor files with"
	exit 77
fi
exec python3 "$root/editors/test/check_editors.py" "$root"
