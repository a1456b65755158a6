#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make reproduce: prove that every regression case fails on the base tree.
# Builds work/repro/linux = base + the harness patches (tests/harness-patches)
# + the tip's version of the suite files (tests/suite-files), runs the KUnit
# suites there and requires each case of tests/reproducers to fail with its
# line, and every other case to pass. Also checks that tests/known-failing
# only lists reproducers. REPRO_ARCHS="um arm64" adds the arm64 run. A base
# run that crashes is run again with a kernel per case (kunit.py
# --run_isolated=test), and that run is judged.
. "$(dirname "$0")/lib.sh"
load_pin
base=$(base_commit)
R=$(tree_src repro)
G=("${GITQ[@]}" -C "$LINUX")
GR=("${GITQ[@]}" -C "$R")
git config --global user.email >/dev/null 2>&1 || GR+=(-c user.name="Series Workspace" -c user.email=workspace@localhost)

# Every known-failing case must be a reproducer.
while read -r a c rest; do
	case "$a" in ''|'#'*) continue ;; esac
	awk -v a="$a" -v c="$c" '$1 == a && $2 == c { f = 1 } END { exit !f }' "$TOP/tests/reproducers" ||
		die "tests/known-failing lists $a $c, which tests/reproducers does not"
done < "$TOP/tests/known-failing"

if [ -z "$(grep -v -e '^#' -e '^$' "$TOP/tests/harness-patches" || true)" ] &&
   ! grep -qv -e '^#' -e '^$' "$TOP/tests/reproducers"; then
	info "no harness patches and no reproducers yet: nothing to reproduce"
	echo "reproduce: 0 passed, 0 failed"
	exit 0
fi
"$TOP/scripts/repro-tree.sh"
# REPRO_RUNS=N runs each base kernel N times (the build is reused): a
# reproducer must fail, and every other case pass, in every run.
runs=${REPRO_RUNS:-1}
rc=0
for a in ${REPRO_ARCHS:-um}; do
	for r in $(seq 1 "$runs"); do
		[ "$runs" -gt 1 ] && info "run $r of $runs on $a"
		tag=
		[ "$r" -gt 1 ] && tag=run$r
		out=$WORK/logs/reproduce-$a${tag:+-$tag}.out
		if LOG_TAG=$tag "$TOP/scripts/kunit.sh" "$a" repro | tee "$out"; then
			continue
		fi
		# A run that crashed hides the cases after the crash: run each
		# case in a kernel of its own, and judge that run instead.
		if grep -q -e 'the run did not complete' -e '(crashed)' "$out"; then
			info "the $a base run crashed: again with a kernel per case"
			LOG_TAG=${tag:+$tag-}isolated KUNIT_ISOLATED=test "$TOP/scripts/kunit.sh" "$a" repro || rc=1
		else
			rc=1
		fi
	done
	# Per-case table: the base with the harness beside the tip's last run.
	# Kept in work/reproduce/ for the cover letter (make mbox).
	mkdir -p "$WORK/reproduce"
	{
		echo "--- $a: base (+ harness) beside the series tip"
		blog=$WORK/logs/kunit-$a-repro.log
		[ "$blog" -ot "$WORK/logs/kunit-$a-repro-isolated.log" ] && blog=$WORK/logs/kunit-$a-repro-isolated.log
		python3 "$TOP/scripts/repro_table.py" --arch "$a" \
			--reproducers "$TOP/tests/reproducers" --known-failing "$TOP/tests/known-failing" \
			"$blog" "$WORK/logs/kunit-$a-series.log"
	} | tee "$WORK/reproduce/table-$a.txt"
done
exit $rc
