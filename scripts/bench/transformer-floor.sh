#!/usr/bin/env bash
# The floor of any weaving agent at start-up: the Spring Boot it-app (start -> its "started" line)
# with a no-op -javaagent (premain returns at once), with a no-op agent that registers a
# ClassFileTransformer returning null (canRetransform false, and true as Leadergate registers its
# own), and with Leadergate (no API server: it weaves and never elects; and, with
# FLOOR_ELECT=1, electing over TLS against the dev server). Once any transformer is registered the
# JVM posts ClassFileLoadHook for every class it loads, and for a class from the CDS archive / AOT
# cache it must first read the class's bytes from its jar or jimage to hand them over: a cost the
# no-op agent never pays. On Java 25 (JEP 483/514) every variant also runs from an AOT cache trained
# with its own agent, as the recipe says. Interleaved rounds, order rotated, medians [IQR], paired
# ratios against the no-op agent (same rounds), CPU user+sys at "started". Heavy: under the lock.
#
#   scripts/bench/transformer-floor.sh [runs=15]
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java scripts/bench/transformer-floor.sh 15
#   FLOOR_AOT_ONLY=1 ...   only the AOT-cache rows (Java 25)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
RUNS=${1:-15}
JAVA_GIVEN=${JAVA:-}
JAVA=${JAVA:-java}
AGENT=${AGENT_JAR:-agent/target/leadergate-agent.jar}
SPRING=${SPRING_JAR:-it-apps/spring-app/target/spring-app.jar}
DEVSERVER=${DEVSERVER_JAR:-devserver/target/leadergate-devserver.jar}
OUT=${BENCH_DOC:-docs/performance.md}
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
bench_work_dir
for f in "$AGENT" "$SPRING" "$DEVSERVER"; do [[ -f $f ]] || { echo "missing $f: run mvn -B package -DskipTests" >&2; exit 1; }; done
JDK_BIN=$(dirname "$(readlink -f "$(command -v "$JAVA")")")
build_noop_agents "$WORK" "$JDK_BIN"
unset JAVA_TOOL_OPTIONS LEADERGATE_LEASE_NAME KUBECONFIG || true
start_dev_server "$WORK/kubeconfig" "$WORK/devserver.out" --tls --client bench=bench-token

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
python3 - "$WORK" "$JAVA" "$AGENT" "$SPRING" "$RUNS" "${FLOOR_AOT_ONLY:-}" "${FLOOR_ELECT:-}" >"$WORK/tables" <<'PY'
import os, re, statistics, subprocess, sys, time

work, java, agent, spring, runs, aot_only, elect = sys.argv[1:]
runs = int(runs)
TICK = os.sysconf('SC_CLK_TCK')
base_env = dict(os.environ, LEADERGATE_HEALTH_PORT='off', LEADERGATE_LOG_LEVEL='debug', IT_REPLICA_ID='bench')
agents = {
    'noop': ('no-op agent (premain returns)', ['-javaagent:' + work + '/noop-agent.jar'], False),
    'null': ('no-op agent + transformer returning null', ['-javaagent:' + work + '/null-agent.jar'], False),
    'nullre': ('the same, canRetransform=true', ['-javaagent:' + work + '/null-agent.jar=retransform'], False),
    'lg': ('Leadergate, no API server (weaving only)', ['-javaagent:' + agent, '-Dleadergate.gate.spring.scheduled=true'], False),
}
if elect:
    agents['lgtls'] = ('Leadergate electing over TLS', ['-javaagent:' + agent, '-Dleadergate.gate.spring.scheduled=true'], True)
seq = [0]

def env_for(cluster):
    seq[0] += 1
    env = dict(base_env, LEADERGATE_LEASE_NAME=f'floor-{seq[0]}')
    if cluster:
        env['LEADERGATE_KUBECONFIG'] = f'{work}/kubeconfig'
    return env

def cpu_of_proc(pid):
    fields = open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK * 1000

def run_spring(args, cluster):
    err = f'{work}/err'
    t0 = time.time_ns()
    p = subprocess.Popen([java, '-XX:TieredStopAtLevel=1', *args, '-jar', spring],
                         stdout=subprocess.PIPE, stderr=open(err, 'w'), env=env_for(cluster))
    t1 = None
    for line in p.stdout:
        if b': started (pid' in line:
            t1 = time.time_ns()
            cpu = cpu_of_proc(p.pid)
            break
    if t1 is None:
        sys.exit(f'spring-app exited: {open(err).read()[-2000:]}')
    p.kill(); p.wait(); p.stdout.close()
    m = re.search(r'premain took (\d+)', open(err, errors='replace').read())
    return {'started': (t1 - t0) / 1e6, 'cpu': cpu, 'premain': float(m.group(1)) if m else None}

aot = subprocess.call([java, f'-XX:AOTCacheOutput={work}/probe.aot', '-version'],
                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) == 0
variants = {}
for key, (name, args, cluster) in agents.items():
    if not aot_only:
        variants[key] = (name, lambda a=args, c=cluster: run_spring(a, c))
    if aot:
        cache = f'{work}/{key}.aot'
        rc = subprocess.call([java, '-XX:AOTCacheOutput=' + cache, *args, '-Dspring.context.exit=onRefresh', '-jar', spring],
                             stdout=open(cache + '.log', 'w'), stderr=subprocess.STDOUT, env=env_for(cluster))
        if rc != 0 or not os.path.exists(cache):
            sys.exit(f'AOT training failed: {open(cache + ".log").read()[-2000:]}')
        variants['aot-' + key] = (name + ', own AOT cache',
                                  lambda a=args, c=cluster, cache=cache: run_spring(['-XX:AOTCache=' + cache, *a], c))
labels = list(variants)
samples = {l: [] for l in labels}
loads = []
t0 = time.monotonic()
for r in range(runs):
    k = r % len(labels)
    for l in labels[k:] + labels[:k]:
        samples[l].append(variants[l][1]())
    loads.append(float(open('/proc/loadavg').read().split()[0]))
elapsed = time.monotonic() - t0

def q(vals):
    vals = sorted(vals)
    if len(vals) < 2:
        return vals[0], vals[0], vals[0]
    return statistics.quantiles(vals, n=4, method='inclusive')

def cell(l, key):
    vals = [s[key] for s in samples[l] if s.get(key) is not None]
    if not vals:
        return '-'
    a, m, b = q(vals)
    return f'{m:.0f} ms [{a:.0f}–{b:.0f}]'

def ratio(l, base, key):
    if l == base:
        return '1'
    a = statistics.median(s[key] for s in samples[l]); b = statistics.median(s[key] for s in samples[base])
    pq1, pm, pq3 = q([x[key] / y[key] for x, y in zip(samples[l], samples[base])])
    return f'{a / b:.2f}x / {pm:.2f}x [{pq1:.2f}–{pq3:.2f}]'

def added(l, base, key):
    return f'{statistics.median(s[key] for s in samples[l]) - statistics.median(s[key] for s in samples[base]):+.0f} ms'

print('| Spring Boot it-app | start -> context started | vs its no-op row: of medians / paired [IQR] | CPU user+sys to started | CPU added | premain (agent log) |')
print('| --- | ---: | ---: | ---: | ---: | ---: |')
for l in labels:
    base = 'aot-noop' if l.startswith('aot-') else 'noop'
    print(f'| {variants[l][0]} | {cell(l, "started")} | {ratio(l, base, "started")} | {cell(l, "cpu")} '
          f'| {added(l, base, "cpu")} | {cell(l, "premain")} |')
print()
print(f'Medians [interquartile range] of {runs} interleaved runs per variant ({len(labels)} variants, order rotated '
      f'every round; {elapsed:.0f} s); each AOT row from a cache trained with its own agent; "paired": the median of '
      f'the per-round ratios against the no-op agent\'s row of the same kind. 1-minute load average after each round: '
      f'{min(loads):.2f}–{max(loads):.2f} (median {statistics.median(loads):.2f}).')
PY
TABLE=$(cat "$WORK/tables")
echo "$TABLE"
{
  echo
  echo "### Transformer floor${FLOOR_LABEL:+ ($FLOOR_LABEL)}, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average $LOAD_BEFORE (before) / $(cut -d' ' -f1-3 /proc/loadavg) (after), $("$JAVA" -version 2>&1 | head -1)"
  echo
  echo "Command: \`${FLOOR_AOT_ONLY:+FLOOR_AOT_ONLY=1 }${FLOOR_ELECT:+FLOOR_ELECT=1 }${JAVA_GIVEN:+JAVA=$JAVA_GIVEN }scripts/bench/transformer-floor.sh $RUNS\`"
  echo
  echo "$TABLE"
} >>"$OUT"
