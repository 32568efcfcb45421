#!/usr/bin/env bash
# Runs integration tests N times in a row and reports every failure with its report and log.
#   ci/repeat-its.sh N [modules] [test-pattern] [--load]
# modules: a -pl list (default: kubelb-core,examples/cli); test-pattern: failsafe's it.test (default: all *IT);
# --load: keep one core busy with a spinning process meanwhile (the other core is then all the tests get).
# Needs the modules installed once (mvn -B -q install -DskipTests). Logs: target/repeat-its/run-K.log.
set -uo pipefail
cd "$(dirname "$0")/.."
n=${1:?N}; modules=${2:-kubelb-core,examples/cli}; pattern=${3:-}; load=${4:-}
out=target/repeat-its; mkdir -p "$out"
spinner=
if [ "$load" = "--load" ]; then
  ( while :; do :; done ) & spinner=$!
  trap 'kill $spinner 2>/dev/null' EXIT
  echo "busy process $spinner keeps one core loaded"
fi
args=(-B -o verify -pl "$modules" -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false)
[ -n "$pattern" ] && args+=("-Dit.test=$pattern")
# extra Maven arguments, e.g. REPEAT_MVN_ARGS=-DargLine=-Dorg.slf4j.simpleLogger.log.dev.kubelb.core=debug
[ -n "${REPEAT_MVN_ARGS:-}" ] && read -r -a extra <<< "$REPEAT_MVN_ARGS" && args+=("${extra[@]}")
passed=0; failed=0
for k in $(seq 1 "$n"); do
  log="$out/run-$k.log"
  start=$(date +%s)
  if mvn "${args[@]}" > "$log" 2>&1; then
    passed=$((passed + 1)); echo "run $k: green ($(( $(date +%s) - start )) s)"
  else
    failed=$((failed + 1)); echo "run $k: RED ($(( $(date +%s) - start )) s), log $log"
    grep -E "<<< (FAILURE|ERROR)!|timed out|Expecting|expected" "$log" | head -8 | sed 's/^/    /'
  fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
