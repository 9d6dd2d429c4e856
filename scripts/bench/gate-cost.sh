#!/usr/bin/env bash
# JMH: cost of one gated call, leader and follower, vs the same method in forks without the agent,
# in one run. Prints a Markdown table and appends it to docs/performance.md.
#
#   scripts/bench/gate-cost.sh [forks=2]      (build first: mvn -B package -DskipTests)
#   PREVIOUS_AGENT_JAR=/tmp/old/leadergate-agent.jar scripts/bench/gate-cost.sh
#                                             also the leader and follower of another build, same run
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
FORKS=${1:-2}
JAVA=${JAVA:-java}
AGENT=${AGENT_JAR:-agent/target/leadergate-agent.jar}
OUT=${BENCH_DOC:-docs/performance.md}
LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
"$JAVA" -jar bench/target/benchmarks.jar "$AGENT" "$FORKS" ${PREVIOUS_AGENT_JAR:+"$PREVIOUS_AGENT_JAR"} | tee "$LOG"
{
  echo
  echo "### Gate cost per call (JMH), $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average $LOAD_BEFORE (before) / $(cut -d' ' -f1-3 /proc/loadavg) (after), $("$JAVA" -version 2>&1 | head -1)"
  echo
  echo "Command: \`${PREVIOUS_AGENT_JAR:+PREVIOUS_AGENT_JAR=$PREVIOUS_AGENT_JAR }scripts/bench/gate-cost.sh $FORKS\`"
  echo
  sed -n '/^| call |/,$p' "$LOG"
} >>"$OUT"
