#!/usr/bin/env bash
# What the agent costs an idle gated app, side by side in one run with the floor (a no-op
# -javaagent) and the anchor users already accept (Prometheus jmx_exporter 1.0.1's agent): the
# same plain-app (one @LeaderOnly call every 30 ms) with no agent, the no-op agent, jmx_exporter
# and Leadergate (leading a Lease on the dev server, health port, metrics and JMX on), each with the
# default heap and with -Xmx64m. Per JVM, after SETTLE seconds and before anything attaches to it:
# VmRSS and VmHWM (peak) and Threads from /proc/PID/status, the threads' names from
# /proc/PID/task/*/comm; classes loaded from -Xlog:class+load and young collections from -Xlog:gc
# (same flags for every column), Leadergate's classes by origin and its threads by name against
# the app's. Leadergate twice: against the dev server over plain HTTP (the column earlier tables
# have) and over TLS with a bearer token (as every real cluster is: the dev server's --tls, its CA
# in the kubeconfig), same runs, same settle, so the last column shows what TLS adds. Medians over
# N runs; prints Markdown tables and appends them, with the command, date and load, to
# docs/performance.md.
#
#   scripts/bench/footprint.sh [runs=3] [settle-seconds=12]   (build first: mvn -B package -DskipTests)
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java scripts/bench/footprint.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
RUNS=${1:-3}
SETTLE=${2:-12}
JAVA=${JAVA:-java}
JDK_BIN=$(dirname "$(readlink -f "$(command -v "$JAVA")")")
AGENT=${AGENT_JAR:-agent/target/leadergate-agent.jar}
APP=${APP_JAR:-it-apps/plain-app/target/plain-app.jar}
DEVSERVER=${DEVSERVER_JAR:-devserver/target/leadergate-devserver.jar}
JMX_EXPORTER_VERSION=1.0.1
JMX_EXPORTER=${JMX_EXPORTER_JAR:-$HOME/.m2/repository/io/prometheus/jmx/jmx_prometheus_javaagent/$JMX_EXPORTER_VERSION/jmx_prometheus_javaagent-$JMX_EXPORTER_VERSION.jar}
OUT=${BENCH_DOC:-docs/performance.md}
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
bench_work_dir
for f in "$AGENT" "$APP" "$DEVSERVER"; do [[ -f $f ]] || { echo "missing $f: run mvn -B package -DskipTests" >&2; exit 1; }; done
if [[ ! -f $JMX_EXPORTER ]]; then
  mvn -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:get \
    -Dartifact=io.prometheus.jmx:jmx_prometheus_javaagent:$JMX_EXPORTER_VERSION -Dtransitive=false >&2
fi
unset JAVA_TOOL_OPTIONS || true

# The floor: an agent whose premain returns at once.
build_noop_agents "$WORK" "$JDK_BIN"
# jmx_exporter as its README runs it: a port and a config exporting every MBean.
printf 'rules:\n- pattern: ".*"\n' >"$WORK/jmx-exporter.yaml"


start_dev_server "$WORK/kubeconfig" "$WORK/devserver.out"
start_dev_server "$WORK/kubeconfig-tls" "$WORK/devserver-tls.out" --tls --client bench=bench-token

# [KUBECONFIG_FILE=...] measure <label> <heap> [jvm args...]: "label heap rssKiB hwmKiB threads classes youngGCs" per
# run; the class-load log is kept as $WORK/classes-<label>-<heap>-<run>.log, the thread names as
# $WORK/threads-<label>-<heap>-<run>.txt.
measure() {
  local label=$1 heap=$2; shift 2
  local heap_flag=()
  [[ $heap == default ]] || heap_flag=("-Xmx$heap")
  for ((i = 0; i < RUNS; i++)); do
    local log=$WORK/classes-$label-$heap-$i.log gc=$WORK/gc-$label-$heap-$i.log
    LEADERGATE_KUBECONFIG=${KUBECONFIG_FILE:-$WORK/kubeconfig} LEADERGATE_LEASE_NAME=footprint-$label-$heap-$i \
      LEADERGATE_HEALTH_PORT=$(free_port) LEADERGATE_HEALTH_ADDRESS=127.0.0.1 \
      "$JAVA" "${heap_flag[@]}" "-Xlog:class+load=info:file=$log" "-Xlog:gc:file=$gc" "$@" -jar "$APP" >"$WORK/app-$label-$heap-$i.out" 2>&1 &
    local pid=$!
    PIDS+=($pid)
    sleep "$SETTLE"
    local status
    status=$(cat /proc/$pid/status)
    cat /proc/$pid/task/*/comm >"$WORK/threads-$label-$heap-$i.txt" 2>/dev/null || true
    kill $pid; wait $pid 2>/dev/null || true
    echo "$label $heap $(awk '/^VmRSS/ {print $2}' <<<"$status") $(awk '/^VmHWM/ {print $2}' <<<"$status") \
$(awk '/^Threads/ {print $2}' <<<"$status") $(grep -c 'class,load' "$log") $(grep -c 'Pause Young' "$gc" || true)"
  done
}

for heap in default 64m; do
  measure none "$heap"
  measure noop "$heap" "-javaagent:$WORK/noop-agent.jar"
  measure jmx_exporter "$heap" "-javaagent:$JMX_EXPORTER=$(free_port):$WORK/jmx-exporter.yaml"
  measure leadergate "$heap" "-javaagent:$AGENT"
  KUBECONFIG_FILE=$WORK/kubeconfig-tls measure leadergate-tls "$heap" "-javaagent:$AGENT"
done >"$WORK/samples"

TABLE=$(python3 - "$WORK" "$(stat -c %s "$WORK/noop-agent.jar")" "$(stat -c %s "$JMX_EXPORTER")" "$(stat -c %s "$AGENT")" <<'PY'
import collections, glob, re, statistics, sys
work, noop_jar, jmx_jar, agent_jar = sys.argv[1], *map(int, sys.argv[2:])
cols = ['none', 'noop', 'jmx_exporter', 'leadergate', 'leadergate-tls']
rows = collections.defaultdict(list)
for line in open(f'{work}/samples'):
    label, heap, *values = line.split()
    rows[label, heap].append([int(v) for v in values])
med = lambda label, heap, i: statistics.median(r[i] for r in rows[label, heap])
def line(name, heap, i, unit):
    base = med('none', heap, i)
    cells = []
    for c in cols:
        v = med(c, heap, i)
        if unit == 'MiB':
            cell = f'{v / 1024:.1f} MiB' + (f' (+{(v - base) / 1024:.1f})' if c != 'none' else '')
        else:
            cell = f'{v:,.0f}' + (f' (+{v - base:,.0f})' if c != 'none' else '')
        cells.append(('**' + cell + '**') if c.startswith('leadergate') else cell)
    return f'| {name} | ' + ' | '.join(cells) + ' |'
out = ['| idle gated app, leader | no agent | no-op `-javaagent` | jmx_exporter 1.0.1 agent | Leadergate | Leadergate over TLS |',
       '| --- | ---: | ---: | ---: | ---: | ---: |',
       line('RSS, default heap', 'default', 0, 'MiB'),
       line('peak RSS (VmHWM), default heap', 'default', 1, 'MiB'),
       line('RSS, `-Xmx64m`', '64m', 0, 'MiB'),
       line('peak RSS (VmHWM), `-Xmx64m`', '64m', 1, 'MiB'),
       line('classes loaded', 'default', 3, 'n'),
       line('threads', 'default', 2, 'n'),
       line('young collections by then, default heap', 'default', 4, 'n'),
       f'| agent jar | — | {noop_jar / 1024:.1f} KB | {jmx_jar / 1e6:.1f} MB | **{agent_jar / 1e6:.1f} MB** | **{agent_jar / 1e6:.1f} MB** |']

# Leadergate's classes by origin (first default-heap run), against the app without an agent.
def origins(path):
    count = collections.Counter()
    for text in open(path):
        m = re.search(r'\] (\S+) source: (.*)$', text)
        if not m:
            continue
        name, source = m.groups()
        shaded = re.match(r'io\.leadergate\.shaded\.((?:com|org|io|net)\.[a-z0-9]+|[a-z0-9]+)', name)
        if shaded:
            count['shaded ' + shaded.group(1)] += 1
        elif name.startswith('io.leadergate.agent.') or name.startswith('io.leadergate.bootstrap.'):
            count[name.split('.')[2]] += 1
        elif name.startswith('io.leadergate.'):
            count['app and annotations'] += 1
        elif 'shared objects file' in source:
            count['JDK, from the CDS archive'] += 1
        else:
            count['JDK and other, not archived'] += 1
    return count
base = origins(f'{work}/classes-none-default-0.log')
agent = origins(f'{work}/classes-leadergate-default-0.log')
tls = origins(f'{work}/classes-leadergate-tls-default-0.log')
out += ['', '| Leadergate\'s JVM, classes by origin | classes | added vs no agent | over TLS | TLS adds |', '| --- | ---: | ---: | ---: | ---: |']
for key in sorted(set(agent) | set(tls), key=lambda k: (-agent.get(k, 0), -tls.get(k, 0))):
    n, t = agent.get(key, 0), tls.get(key, 0)
    out.append(f'| {key} | {n:,} | {n - base.get(key, 0):+,} | {t:,} | {t - n:+,} |')
out.append(f'| total | {sum(agent.values()):,} | {sum(agent.values()) - sum(base.values()):+,} | {sum(tls.values()):,} | {sum(tls.values()) - sum(agent.values()):+,} |')
# What TLS adds, by package (first default-heap runs): the handshake's JDK classes, mostly.
def packages(path):
    count = collections.Counter()
    for text in open(path):
        m = re.search(r'\] (\S+) source: ', text)
        if m:
            count[m.group(1).rsplit('.', 1)[0] if '.' in m.group(1) else '(default)'] += 1
    return count
tls_adds = packages(f'{work}/classes-leadergate-tls-default-0.log')
tls_adds.subtract(packages(f'{work}/classes-leadergate-default-0.log'))
top = [(pkg, n) for pkg, n in tls_adds.most_common() if n > 0]
out += ['', '| classes TLS adds, by package (first default-heap runs) | classes |', '| --- | ---: |']
for pkg, n in top[:15]:
    out.append(f'| `{pkg}` | {n:+,} |')
rest = sum(n for _, n in top[15:])
if rest:
    out.append(f'| {len(top) - 15} other packages | {rest:+,} |')
# Leadergate's threads by name (first default-heap run) that the app without an agent does not have.
def threads(path):
    return collections.Counter(line.strip() for line in open(path))
none_threads = threads(f'{work}/threads-none-default-0.txt')
added = threads(f'{work}/threads-leadergate-default-0.txt') - none_threads
added_tls = threads(f'{work}/threads-leadergate-tls-default-0.txt') - none_threads
out += ['', '| threads Leadergate adds (first default-heap run; Linux names, 15 characters) | count | over TLS |', '| --- | ---: | ---: |']
for name in sorted(set(added) | set(added_tls)):
    out.append(f'| `{name}` | {added.get(name, 0)} | {added_tls.get(name, 0)} |')
runs = len(rows['none', 'default'])
print('\n'.join(out) + f'\n\nMedians of {runs} runs per cell; VmRSS/VmHWM/Threads read from /proc before anything '
      'attaches; "(+n)" is added to the app without an agent.')
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
