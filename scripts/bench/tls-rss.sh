#!/usr/bin/env bash
# Where the RSS that TLS adds lives: the idle plain-app with Leadergate leading a Lease on the dev
# server, once over plain HTTP and once over TLS with a bearer token (as footprint.sh's last two
# columns), each under Native Memory Tracking. After SETTLE seconds, before anything attaches:
# /proc/PID/status, smaps and smaps_rollup; then `jcmd PID VM.native_memory summary`. Each
# mapping's RSS is assigned by address: the Java heap and class space from -Xlog:gc*=debug, the CDS
# archive, non-class Metaspace (the 64 MiB below the archive, where JDK 17 reserves it), the code
# cache (anonymous rwx), other anonymous memory (malloc arenas, thread stacks, GC side tables) and
# file mappings. Prints one Markdown table (medians): RSS per region, plain vs TLS, and the NMT
# categories' committed KiB. Not appended to docs/performance.md.
#
#   scripts/bench/tls-rss.sh [runs=2] [settle-seconds=12] [extra JVM flags...]
#   PREFIX="env MALLOC_ARENA_MAX=2" scripts/bench/tls-rss.sh 1 12
#   scripts/bench/tls-rss.sh 1 12 -XX:TieredStopAtLevel=1
#   NMT=detail scripts/bench/tls-rss.sh 1 12   (the virtual-memory map with addresses, kept with KEEP_WORK=1)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
RUNS=${1:-2}
SETTLE=${2:-12}
shift $(($# < 2 ? $# : 2))
JAVA=${JAVA:-java}
AGENT=${AGENT_JAR:-agent/target/leadergate-agent.jar}
APP=${APP_JAR:-it-apps/plain-app/target/plain-app.jar}
DEVSERVER=${DEVSERVER_JAR:-devserver/target/leadergate-devserver.jar}
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
bench_work_dir
for f in "$AGENT" "$APP" "$DEVSERVER"; do [[ -f $f ]] || { echo "missing $f: run mvn -B package -DskipTests" >&2; exit 1; }; done
unset JAVA_TOOL_OPTIONS || true

start_dev_server "$WORK/kubeconfig" "$WORK/devserver.out"
start_dev_server "$WORK/kubeconfig-tls" "$WORK/devserver-tls.out" --tls --client bench=bench-token

for ((i = 0; i < RUNS; i++)); do
  for mode in plain tls; do
    kubeconfig=$WORK/kubeconfig
    [[ $mode == plain ]] || kubeconfig=$WORK/kubeconfig-tls
    d=$WORK/$mode-$i
    mkdir -p "$d"
    # shellcheck disable=SC2086 # PREFIX is a command prefix, split on purpose
    LEADERGATE_KUBECONFIG=$kubeconfig LEADERGATE_LEASE_NAME=tls-rss-$mode-$i \
      LEADERGATE_HEALTH_PORT=$(free_port) LEADERGATE_HEALTH_ADDRESS=127.0.0.1 \
      ${PREFIX:-} "$JAVA" -XX:NativeMemoryTracking=${NMT:-summary} "-Xlog:class+load=info:file=$d/classes.log" \
      "-Xlog:gc*=debug:file=$d/gc.log" "$@" "-javaagent:$AGENT" -jar "$APP" >"$d/app.out" 2>&1 &
    pid=$!
    PIDS+=($pid)
    sleep "$SETTLE"
    cat "/proc/$pid/status" >"$d/status"
    cat "/proc/$pid/smaps" >"$d/smaps"
    cat "/proc/$pid/smaps_rollup" >"$d/smaps_rollup"
    "$(dirname "$(readlink -f "$(command -v "$JAVA")")")/jcmd" "$pid" VM.native_memory "${NMT:-summary}" >"$d/nmt.txt" 2>&1 || true
    kill "$pid"
    wait "$pid" 2>/dev/null || true
  done
done

python3 - "$WORK" <<'PY'
import collections, glob, os, re, statistics, sys
work = sys.argv[1]
REGIONS = ['Java heap (pages touched)', 'Metaspace (non-class)', 'Class space', 'Code cache',
           'other anonymous: malloc arenas, thread stacks, GC side tables', 'CDS archive',
           'file: lib/modules and jars', 'file: libjvm.so', 'file: other shared libraries']
def regions(d):
    gc = open(f'{d}/gc.log').read()
    m = re.search(r'Heap address: 0x([0-9a-f]+), size: (\d+) MB', gc)
    heap = (int(m.group(1), 16), int(m.group(1), 16) + int(m.group(2)) * 1024 * 1024)
    m = re.search(r'Compressed class space mapped at: 0x([0-9a-f]+)-0x([0-9a-f]+)', gc)
    klass = (int(m.group(1), 16), int(m.group(2), 16))
    m = re.search(r'CDS archive\(s\) mapped at: \[0x([0-9a-f]+)-0x([0-9a-f]+)', gc)
    cds = (int(m.group(1), 16), int(m.group(2), 16))
    rss, where = collections.Counter(), None
    for line in open(f'{d}/smaps'):
        m = re.match(r'^([0-9a-f]+)-[0-9a-f]+ (\S+) \S+ \S+ \S+\s*(.*)$', line)
        if m:
            start, perms, name = int(m.group(1), 16), m.group(2), m.group(3).strip()
            anon = not name or name in ('[heap]', '[stack]')
            if heap[0] <= start < heap[1]: where = REGIONS[0]
            elif cds[0] - (64 << 20) <= start < cds[0] and not name: where = REGIONS[1]
            elif klass[0] <= start < klass[1]: where = REGIONS[2]
            elif not name and perms == 'rwxp': where = REGIONS[3]
            elif name.endswith('.jsa') or (cds[0] <= start < cds[1] and not name): where = REGIONS[5]
            elif anon: where = REGIONS[4]
            elif 'libjvm' in name: where = REGIONS[7]
            elif name.endswith('/modules') or name.endswith('.jar'): where = REGIONS[6]
            elif name.startswith('/'): where = REGIONS[8]
            else: where = None
        elif line.startswith('Rss:') and where:
            rss[where] += int(line.split()[1])
    status = dict(l.split(':', 1) for l in open(f'{d}/status'))
    rss['VmRSS'] = int(status['VmRSS'].split()[0])
    nmt = open(f'{d}/nmt.txt').read()
    for m in re.finditer(r'^-\s+(.+?) \(reserved=\d+KB, committed=(\d+)KB\)', nmt, re.M):
        rss['NMT ' + m.group(1)] = int(m.group(2))
    m = re.search(r'malloc: (\d+)KB', nmt)
    rss['NMT malloc, all categories'] = int(m.group(1)) if m else 0
    rss['young collections'] = len(set(re.findall(r'GC\((\d+)\) Pause Young', gc)))
    rss['classes loaded'] = sum(1 for l in open(f'{d}/classes.log') if 'class,load' in l)
    return rss
runs = collections.defaultdict(list)
for d in sorted(glob.glob(f'{work}/*-*/')):
    runs[os.path.basename(d.rstrip('/')).split('-')[0]].append(regions(d.rstrip('/')))
med = lambda mode, key: statistics.median(r.get(key, 0) for r in runs[mode])
print(f'| RSS by region, MiB (medians of {len(runs["plain"])}) | plain HTTP | TLS | TLS adds |')
print('| --- | ---: | ---: | ---: |')
for key in REGIONS + ['VmRSS']:
    p, t = med('plain', key) / 1024, med('tls', key) / 1024
    print(f'| {key} | {p:.1f} | {t:.1f} | {t - p:+.1f} |')
print()
print('| NMT committed, MiB | plain HTTP | TLS | TLS adds |')
print('| --- | ---: | ---: | ---: |')
keys = [k for k in runs['tls'][0] if k.startswith('NMT ')]
for key in keys:
    p, t = med('plain', key) / 1024, med('tls', key) / 1024
    if abs(p) >= 0.05 or abs(t) >= 0.05:
        print(f'| {key[4:]} | {p:.2f} | {t:.2f} | {t - p:+.2f} |')
for key in ('young collections', 'classes loaded'):
    print(f'| {key} | {med("plain", key):,.0f} | {med("tls", key):,.0f} | {med("tls", key) - med("plain", key):+,.0f} |')
PY
