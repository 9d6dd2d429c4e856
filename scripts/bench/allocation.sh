#!/usr/bin/env bash
# Java-heap allocation of an idle gated app, per thread, with and without the agent, in one run:
# the same plain-app as footprint.sh (one @LeaderOnly call every 30 ms; Leadergate leading a Lease on
# the dev server, health port, metrics on), default heap. After SETTLE seconds: each live thread's
# allocated bytes (`jcmd PID Thread.print -e`, HotSpot's per-thread counter, the one
# ThreadMXBean#getThreadAllocatedBytes reads), the heap used (`jcmd PID GC.heap_info`) and the young
# collections by then (-Xlog:gc). Threads that ended (the agent's leadergate-start) show only in
# the total: heap used plus what the collections freed (MiB precision when a collection ran). The allocation counts do not depend on machine load (timing does: the app's 30 ms calls
# allocate a little per call). Medians over N runs; prints a Markdown table (stdout only).
# TLS=1: the agent reaches the dev server over TLS with a bearer token, as footprint.sh's TLS column
# does (--tls --client bench=bench-token, its CA in the kubeconfig); the no-agent column is the same.
#
#   scripts/bench/allocation.sh [runs=3] [settle-seconds=12]   (build first: mvn -B package -DskipTests)
#   TLS=1 scripts/bench/allocation.sh 5
#   EXTRA_OPTS='-Xlog:class+load' JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java scripts/bench/allocation.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
RUNS=${1:-3}
SETTLE=${2:-12}
JAVA=${JAVA:-java}
JDK_BIN=$(dirname "$(readlink -f "$(command -v "$JAVA")")")
AGENT=${AGENT_JAR:-agent/target/leadergate-agent.jar}
APP=${APP_JAR:-it-apps/plain-app/target/plain-app.jar}
DEVSERVER=${DEVSERVER_JAR:-devserver/target/leadergate-devserver.jar}
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
bench_work_dir
for f in "$AGENT" "$APP" "$DEVSERVER"; do [[ -f $f ]] || { echo "missing $f: run mvn -B package -DskipTests" >&2; exit 1; }; done
unset JAVA_TOOL_OPTIONS || true

TLS_FLAGS=()
[[ -z ${TLS:-} ]] || TLS_FLAGS=(--tls --client bench=bench-token)
start_dev_server "$WORK/kubeconfig" "$WORK/devserver.out" "${TLS_FLAGS[@]}"

# measure <label> [jvm args...]: per run, $WORK/<label>-<run>.threads (jcmd Thread.print -e),
# .heap (GC.heap_info) and .gc (-Xlog:gc).
measure() {
  local label=$1; shift
  for ((i = 0; i < RUNS; i++)); do
    local base=$WORK/$label-$i
    # shellcheck disable=SC2086
    LEADERGATE_KUBECONFIG=$WORK/kubeconfig LEADERGATE_LEASE_NAME=allocation-$label-$i \
      LEADERGATE_HEALTH_PORT=$(free_port) LEADERGATE_HEALTH_ADDRESS=127.0.0.1 \
      "$JAVA" "-Xlog:gc:file=$base.gc" ${EXTRA_OPTS:-} "$@" -jar "$APP" >"$base.out" 2>&1 &
    local pid=$!
    PIDS+=($pid)
    sleep "$SETTLE"
    "$JDK_BIN/jcmd" $pid GC.heap_info >"$base.heap"
    "$JDK_BIN/jcmd" $pid Thread.print -e >"$base.threads"
    kill $pid; wait $pid 2>/dev/null || true
  done
}
measure none
measure leadergate "-javaagent:$AGENT"

python3 - "$WORK" "$RUNS" <<'PY'
import collections, re, statistics, sys
work, runs = sys.argv[1], int(sys.argv[2])
UNIT = {'B': 1, 'K': 1024, 'M': 1024 ** 2, 'G': 1024 ** 3}
def threads(path):
    out = collections.Counter()
    for line in open(path):
        m = re.match(r'"(.*?)" .*? allocated=(\d+)([BKMG])', line)
        if m and m.group(1) != 'Attach Listener':  # jcmd's own
            out[re.sub(r'-\d+$', '-N', m.group(1))] += int(m.group(2)) * UNIT[m.group(3)]
    return out
def heap_used(path):
    return int(re.search(r'used (\d+)K', open(path).read()).group(1)) * 1024
def young(path):
    return sum('Pause Young' in line for line in open(path))
def freed(path):  # what the collections freed, from -Xlog:gc's "19M->5M"
    return sum((int(m.group(1)) - int(m.group(2))) * 1024 ** 2
               for m in re.finditer(r'Pause Young.* (\d+)M->(\d+)M', open(path).read()))
cols = ['none', 'leadergate']
per = {c: [threads(f'{work}/{c}-{i}.threads') for i in range(runs)] for c in cols}
med = lambda values: statistics.median(values)
names = sorted({n for c in cols for t in per[c] for n in t},
               key=lambda n: -max(med([t.get(n, 0) for t in per[c]]) for c in cols))
mib = lambda b: f'{b / 1024 ** 2:.2f} MiB'
import os
print('| allocated by thread, at the settle time | no agent | Leadergate' + (' over TLS' if os.environ.get('TLS') else '') + ' |')
print('| --- | ---: | ---: |')
for n in names:
    cells = [med([t.get(n, 0) for t in per[c]]) for c in cols]
    if max(cells) >= 16 * 1024:
        print(f'| `{n}` | ' + ' | '.join(mib(v) for v in cells) + ' |')
for title, f in [('all live threads', lambda c, i: sum(per[c][i].values())),
                 ('heap used', lambda c, i: heap_used(f'{work}/{c}-{i}.heap')),
                 ('allocated in all, ended threads too (heap used + freed)',
                  lambda c, i: heap_used(f'{work}/{c}-{i}.heap') + freed(f'{work}/{c}-{i}.gc'))]:
    print(f'| **{title}** | ' + ' | '.join(mib(med([f(c, i) for i in range(runs)])) for c in cols) + ' |')
print('| young collections | ' + ' | '.join(
    f'{med([young(f"{work}/{c}-{i}.gc") for i in range(runs)]):.0f}' for c in cols) + ' |')
print(f'\nMedians of {runs} runs; threads under 16 KiB left out; "-N" merges numbered threads; '
      'after a young collection the heap used is what survived.')
PY
