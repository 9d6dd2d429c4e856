#!/usr/bin/env bash
# What the agent adds to an idle app: RSS (/proc/PID/status VmRSS), heap used after a full GC and
# Metaspace used (jcmd GC.heap_info), plain-app with vs without the agent. With the agent the app
# leads a Lease on the dev server (elector, watch and Kubernetes client loaded, as in a pod).
# Medians over N runs; prints a Markdown table and appends it to docs/performance.md.
#
#   scripts/bench/footprint.sh [runs=3] [settle-seconds=20]   (build first: mvn -B package -DskipTests)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
RUNS=${1:-3}
SETTLE=${2:-20}
JAVA=${JAVA:-java}
JCMD=${JCMD:-$(dirname "$(readlink -f "$(command -v "$JAVA")")")/jcmd}
AGENT=${AGENT_JAR:-agent/target/leadergate-agent.jar}
APP=${APP_JAR:-it-apps/plain-app/target/plain-app.jar}
DEVSERVER=${DEVSERVER_JAR:-devserver/target/leadergate-devserver.jar}
OUT=${BENCH_DOC:-docs/performance.md}
WORK=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT
for f in "$AGENT" "$APP" "$DEVSERVER"; do [[ -f $f ]] || { echo "missing $f: run mvn -B package -DskipTests" >&2; exit 1; }; done
unset JAVA_TOOL_OPTIONS || true

"$JAVA" -jar "$DEVSERVER" --port 0 --kubeconfig "$WORK/kubeconfig" >"$WORK/devserver.out" 2>&1 &
PIDS+=($!)
disown # killed by the exit trap: no "Killed" notice
until [[ -s $WORK/kubeconfig ]] && grep -q 'listening on' "$WORK/devserver.out"; do sleep 0.1; done

# measure <label> [jvm args...]: "label rssKiB heapUsedKiB metaspaceUsedKiB"
measure() {
  local label=$1; shift
  for ((i = 0; i < RUNS; i++)); do
    LEADERGATE_KUBECONFIG=$WORK/kubeconfig LEADERGATE_LEASE_NAME=footprint-$label-$i LEADERGATE_HEALTH_PORT=off \
      "$JAVA" "$@" -jar "$APP" >"$WORK/app.out" 2>&1 &
    local pid=$!
    PIDS+=($pid)
    sleep "$SETTLE"
    "$JCMD" $pid GC.run >/dev/null
    local info rss heap meta
    info=$("$JCMD" $pid GC.heap_info)
    rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
    heap=$(grep -o 'heap *total [0-9]*K, used [0-9]*K' <<<"$info" | grep -o 'used [0-9]*' | grep -o '[0-9]*' | head -1)
    meta=$(grep -o 'Metaspace *used [0-9]*K' <<<"$info" | grep -o '[0-9]*' | head -1)
    kill $pid; wait $pid 2>/dev/null || true
    echo "$label $rss $heap $meta"
  done
}

{
  measure without
  measure with "-javaagent:$AGENT"
} >"$WORK/samples"

TABLE=$(python3 - "$WORK/samples" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    label, *values = line.split()
    rows.setdefault(label, []).append([float(v) / 1024 for v in values])
out = ['| idle plain-app | without agent | with agent (leading) | added | ratio |', '| --- | ---: | ---: | ---: | ---: |']
for col, name in ((0, 'RSS'), (1, 'heap used after full GC'), (2, 'Metaspace used')):
    a = statistics.median(r[col] for r in rows['without'])
    b = statistics.median(r[col] for r in rows['with'])
    out.append(f'| {name} | {a:.1f} MiB | {b:.1f} MiB | {b - a:.1f} MiB | {b / a:.2f}x |')
print('\n'.join(out) + f"\n\nMedians of {len(rows['without'])} runs each, default JVM flags (G1, heap sized by the JVM).")
PY
)
echo "$TABLE"
{
  echo
  echo "### Footprint, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $("$JAVA" -version 2>&1 | head -1)"
  echo
  echo "Command: \`scripts/bench/footprint.sh $RUNS $SETTLE\`"
  echo
  echo "$TABLE"
} >>"$OUT"
