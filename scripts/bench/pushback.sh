#!/usr/bin/env bash
# An API server that pushes back (issue 14, part 2): N replica JVMs (20) on one Lease while the dev
# server answers every Lease request 429 with Retry-After for a window (30 s), then as long again
# without faults; requests during and after the window counted by the dev server, for
# client-java-extended's LeaderElector (the client-go-style baseline), Leadergate polling and
# Leadergate watching, in the same harness (io.leadergate.it.PushbackBench). Prints a Markdown
# table and appends it to docs/reliability.md. Heavy: run it under the shared lock.
#
#   scripts/bench/pushback.sh
#   extra -D options via BENCH_OPTS, e.g. BENCH_OPTS="-Dbench.replicas=20 -Dbench.retryAfter=1
#   -Dbench.window.seconds=30 -Dbench.electors=client-java,polling,watch"
#   (build first: mvn -B verify, or mvn -B package -DskipTests)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
OUT=${BENCH_DOC:-docs/reliability.md}
TABLES=$(mktemp)
trap 'rm -f "$TABLES"' EXIT
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
# shellcheck disable=SC2086
mvn -B -q -o -pl it-apps/tests -am surefire:test -Dsurefire.failIfNoSpecifiedTests=false \
  -Dtest="PushbackBench#throttledWindow" -Dbench.out="$TABLES" ${BENCH_OPTS:-}
cat "$TABLES"
{
  echo
  echo "#### Measured $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average $LOAD_BEFORE (before) / $(cut -d' ' -f1-3 /proc/loadavg) (after), $(java -version 2>&1 | head -1)"
  echo
  echo "Command: \`scripts/bench/pushback.sh\`${BENCH_OPTS:+ with BENCH_OPTS=\"$BENCH_OPTS\"}"
  cat "$TABLES"
} >>"$OUT"
