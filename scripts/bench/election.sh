#!/usr/bin/env bash
# Multi-JVM election measurements with the it-apps harness (io.leadergate.it.ElectionBench):
# graceful handover p50/p90 (watch vs polling), crash failover (kill -9), and API requests per
# minute per replica (3 and 20 replicas, watch vs polling), and the requests of the followers that
# lose the claim when a Lease expires (expiryClaims: 5 and 20 replicas). Plain-app replicas against the dev
# server; prints Markdown tables and appends them to docs/performance.md.
#
#   scripts/bench/election.sh [gracefulHandover|crashFailover|requestsPerMinute|expiryClaims ...]
#   (the first three by default)
#   extra -D options via BENCH_OPTS, e.g. BENCH_OPTS="-Dbench.handovers=30 -Dbench.replicas=3"
#   (build first: mvn -B install -DskipTests, or mvn -B verify)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
METHODS=${*:-gracefulHandover crashFailover requestsPerMinute}
OUT=${BENCH_DOC:-docs/performance.md}
TABLES=$(mktemp)
trap 'rm -f "$TABLES"' EXIT
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
for method in $METHODS; do
  # shellcheck disable=SC2086
  mvn -B -q -o -pl it-apps/tests -am surefire:test -Dsurefire.failIfNoSpecifiedTests=false -Dtest="ElectionBench#$method" -Dbench.out="$TABLES" ${BENCH_OPTS:-}
done
cat "$TABLES"
{
  echo
  echo "### Election, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average $LOAD_BEFORE (before) / $(cut -d' ' -f1-3 /proc/loadavg) (after), $(java -version 2>&1 | head -1)"
  echo
  echo "Command: \`scripts/bench/election.sh $METHODS\`${BENCH_OPTS:+ with BENCH_OPTS=\"$BENCH_OPTS\"}"
  cat "$TABLES"
} >>"$OUT"
