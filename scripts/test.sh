#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make test: every stage CI runs, with its wall time. All stages run; the
# result fails if any stage failed. TEST_STAGES selects a subset.
. "$(dirname "$0")/lib.sh"
STAGES=${TEST_STAGES:-kunit kunit-arm64 kunit-x86_64 reproduce board check mbox}
mkdir -p "$WORK/logs"
"$TOP/scripts/ensure-tree.sh"
passed=0
failed=0
summary=()
for s in $STAGES; do
	case "$s" in
	kunit) cmd=("$TOP/scripts/kunit.sh" um series) ;;
	kunit-arm64) cmd=("$TOP/scripts/kunit.sh" arm64 series) ;;
	kunit-x86_64) cmd=("$TOP/scripts/kunit.sh" x86_64 series) ;;
	reproduce) cmd=("$TOP/scripts/reproduce.sh") ;;
	board) cmd=("$TOP/scripts/board.sh") ;;
	check) cmd=("$TOP/scripts/check.sh") ;;
	mbox) cmd=("$TOP/scripts/mbox.sh") ;;
	bench) cmd=("$TOP/scripts/bench.sh") ;;
	*) die "unknown stage $s" ;;
	esac
	echo "=== $s"
	t0=$(date +%s)
	if "${cmd[@]}" 2>&1 | tee "$WORK/logs/test-$s.log"; then
		r=ok
		passed=$((passed + 1))
	else
		r=FAILED
		failed=$((failed + 1))
	fi
	summary+=("$(printf '%-12s %-7s %5ds' "$s" "$r" $(( $(date +%s) - t0 )))")
done
echo "=== summary"
printf '%s\n' "${summary[@]}"
echo "test: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
