#!/usr/bin/env bash
# JVM start -> main, -> first gated call, and -> exit, without an agent, with a no-op -javaagent
# (premain returns at once: the floor any agent pays) and with Leadergate: a plain hello world (no
# gated code), a hello world whose main calls a @LeaderOnly method at once (bench's HelloGated),
# and the Spring Boot it-app (start -> its "started" line, context refreshed, and start -> the first
# run of its gated @Scheduled body: with the agent, once this JVM leads). Leadergate's JVMs
# elect for real: the dev server runs with TLS and a token (as a cluster would), every run on a
# Lease of its own, so each leads; health port off. The Spring app also with Leadergate but no API
# server configured (the agent weaves and never elects) and electing over plain HTTP, to tell
# weaving, TLS and the rest of the election apart. On a JVM with AOT caches (Java 25:
# -XX:AOTCacheOutput, JEP 483/514) also the Spring app from a cache trained without an agent, one
# trained with the no-op agent and one trained with Leadergate (the recipe of docs/performance.md:
# train with the agent), and which classes each training could not archive, and why.
#
# Robust to a shared, loaded machine: the variants are interleaved (one run of each per round, the
# order rotated every round), never all runs of one variant in a row; per variant the median and
# the interquartile range; per pair of variants the ratio of the medians and the median of the
# per-round ratios with their interquartile range; CPU time (user+sys of the JVM, from wait4 at
# exit, from /proc/PID/stat at Spring's "started" line) next to wall time, since CPU time moves
# much less with the load; the load average before and after, and the share of the machine's CPU
# other processes used during the rounds. Then the CDS check: one run per archive with
# -Xlog:class+load, classes by origin, and no "Sharing is only supported..." warning.
# premain's own time from the agent's debug log. Prints Markdown tables and appends them, with the
# command, date and load, to docs/performance.md. Heavy: run it under the shared lock.
#
#   scripts/bench/startup.sh [runs=15]        (build first: mvn -B package -DskipTests)
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java scripts/bench/startup.sh
#   STARTUP_APPS=spring scripts/bench/startup.sh 21   only the Spring Boot variants (and AOT)
#   STARTUP_LABEL="before X" AGENT_JAR=/tmp/old.jar scripts/bench/startup.sh   a labelled section
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
RUNS=${1:-15}
JAVA_GIVEN=${JAVA:-}
JAVA=${JAVA:-java}
AGENT=${AGENT_JAR:-agent/target/leadergate-agent.jar}
HELLO=$(ls bench/target/leadergate-bench-*.jar 2>/dev/null | head -1 || true)
SPRING=${SPRING_JAR:-it-apps/spring-app/target/spring-app.jar}
DEVSERVER=${DEVSERVER_JAR:-devserver/target/leadergate-devserver.jar}
APPS=${STARTUP_APPS:-plain hello spring}
OUT=${BENCH_DOC:-docs/performance.md}
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
bench_work_dir
for f in "$AGENT" "$HELLO" "$SPRING" "$DEVSERVER"; do [[ -f $f ]] || { echo "missing ${f:-bench/target/leadergate-bench-*.jar}: run mvn -B package -DskipTests" >&2; exit 1; }; done
JDK_BIN=$(dirname "$(readlink -f "$(command -v "$JAVA")")")
# The floor: an agent whose premain returns at once (build_noop_agents, common.sh).
build_noop_agents "$WORK" "$JDK_BIN"
unset JAVA_TOOL_OPTIONS LEADERGATE_LEASE_NAME KUBECONFIG || true

# The API server Leadergate's JVMs elect on: TLS, a token, a kubeconfig with its CA.
start_dev_server "$WORK/kubeconfig" "$WORK/devserver.out" --tls --client bench=bench-token
# And one over plain HTTP, for the Spring app's row that tells TLS from the rest of the election.
start_dev_server "$WORK/kubeconfig-http" "$WORK/devserver-http.out"

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
python3 - "$WORK" "$JAVA" "$AGENT" "$WORK/noop-agent.jar" "$HELLO" "$SPRING" "$RUNS" "$APPS" >"$WORK/tables" <<'PY'
import os, re, signal, statistics, subprocess, sys, time

work, java, agent, noop, hello, spring, runs, apps = sys.argv[1:]
runs, apps = int(runs), apps.split()
TICK = os.sysconf('SC_CLK_TCK')
base_env = dict(os.environ, LEADERGATE_HEALTH_PORT='off', LEADERGATE_KUBECONFIG=f'{work}/kubeconfig',
                LEADERGATE_LOG_LEVEL='debug', IT_REPLICA_ID='bench')
LG = ['-javaagent:' + agent, '-Dleadergate.gate.spring.scheduled=true']
NOOP = ['-javaagent:' + noop]
lease_seq = [0]

def env_for(args, cluster='tls'):
    lease_seq[0] += 1  # a Lease of its own per run: every Leadergate JVM leads at once
    env = dict(base_env, LEADERGATE_LEASE_NAME=f'startup-{lease_seq[0]}')
    if cluster == 'http':
        env['LEADERGATE_KUBECONFIG'] = f'{work}/kubeconfig-http'
    elif not cluster:  # no kubeconfig, no service account: the agent weaves, logs once, never elects
        del env['LEADERGATE_KUBECONFIG']
    return env

def premain_ms(err_file):
    m = re.search(r'premain took (\d+)', open(err_file, errors='replace').read())
    return float(m.group(1)) if m else None

def cpu_of_proc(pid):
    fields = open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK * 1000  # utime + stime, ms

def run_hello(args, mode):
    err = f'{work}/err'
    t0 = time.time_ns()
    p = subprocess.Popen([java, *args, '-cp', hello, 'io.leadergate.bench.HelloGated', *mode],
                         stdout=subprocess.PIPE, stderr=open(err, 'w'), env=env_for(args))
    out = p.stdout.read().decode()
    _, status, usage = os.wait4(p.pid, 0)
    t1 = time.time_ns()
    p.returncode = 0
    words = out.split()
    if status != 0 or len(words) < 4:
        sys.exit(f'hello world failed ({status}): {out} {open(err).read()[-2000:]}')
    return {'main': (int(words[1]) - t0) / 1e6, 'gated': (int(words[3]) - t0) / 1e6,
            'exit': (t1 - t0) / 1e6, 'cpu': (usage.ru_utime + usage.ru_stime) * 1000,
            'premain': premain_ms(err)}

def run_spring(args, log_args=(), cluster='tls'):
    err = f'{work}/err'
    t0 = time.time_ns()
    p = subprocess.Popen([java, '-XX:TieredStopAtLevel=1', *args, *log_args, '-jar', spring],
                         stdout=subprocess.PIPE, stderr=open(err, 'w'), env=env_for(args, cluster))
    # "first body run at <epoch nanos>": the first run of the @Scheduled body (on the leader; with
    # no agent at once), before or after "started". Not awaited without an API server (never runs).
    first_run, t1 = None, None
    for line in p.stdout:
        if b': started (pid' in line:
            t1 = time.time_ns()
            cpu = cpu_of_proc(p.pid)
        m = re.search(rb': first body run at (\d+)', line)
        if m:
            first_run = (int(m.group(1)) - t0) / 1e6
        if t1 is not None and (first_run is not None or cluster is None or log_args
                               or time.time_ns() - t1 > 30e9):
            break
    if t1 is None:
        sys.exit(f'spring-app exited: {open(err).read()[-2000:]}')
    p.kill(); p.wait(); p.stdout.close()
    return {'started': (t1 - t0) / 1e6, 'cpu': cpu, 'firstrun': first_run, 'premain': premain_ms(err)}

def train(cache, args):
    log = f'{cache}.train.log'
    with open(log, 'w') as out:
        rc = subprocess.call([java, '-XX:AOTCacheOutput=' + cache, *args, '-Dspring.context.exit=onRefresh',
                              '-jar', spring], stdout=out, stderr=subprocess.STDOUT, env=env_for(args))
    if rc != 0 or not os.path.exists(cache):
        sys.exit(f'AOT training failed: {open(log).read()[-2000:]}')
    return log

aot = subprocess.call([java, f'-XX:AOTCacheOutput={work}/probe.aot', '-version'],
                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) == 0
variants = {}  # label -> (kind, runner)
for app, mode in (('plain', ['plain']), ('hello', [])):
    if app in apps:
        for who, args in (('without', []), ('noop', NOOP), ('with', LG)):
            variants[f'{app}-{who}'] = (app, lambda args=args, mode=mode: run_hello(args, mode))
if 'spring' in apps:
    for who, args in (('without', []), ('noop', NOOP), ('with', LG)):
        variants[f'spring-{who}'] = ('spring', lambda args=args: run_spring(args))
    variants['spring-nocluster'] = ('spring', lambda: run_spring(LG, cluster=None))
    variants['spring-http'] = ('spring', lambda: run_spring(LG, cluster='http'))
caches, train_logs = {}, {}
if aot and 'spring' in apps:
    for who, args in (('without', []), ('noop', NOOP), ('with', LG)):
        caches[who] = (f'{work}/{who}.aot', args)
        train_logs[who] = train(caches[who][0], args)
        variants[f'aot-{who}'] = ('aot', lambda c=caches[who]: run_spring(['-XX:AOTCache=' + c[0], *c[1]]))

def busy_jiffies():
    cpu = open('/proc/stat').readline().split()[1:]
    vals = [int(v) for v in cpu]
    return vals[0] + vals[1] + vals[2] + vals[5] + vals[6], sum(vals[:8])  # busy, total

samples = {label: [] for label in variants}
labels = list(variants)
loads = []
busy0, total0 = busy_jiffies()
own_cpu = 0.0
wall0 = time.monotonic()
for r in range(runs):
    k = r % len(labels)
    for label in labels[k:] + labels[:k]:  # rotated: no variant always first after the same one
        s = variants[label][1]()
        samples[label].append(s)
    loads.append(float(open('/proc/loadavg').read().split()[0]))
busy1, total1 = busy_jiffies()
elapsed = time.monotonic() - wall0
# Our JVMs' CPU: the wait4 figure for hello (whole run), the "started" figure for Spring (the few
# ms between it and the kill are not counted, so "others" is an upper bound).
own = sum(s['cpu'] for ss in samples.values() for s in ss) / 1000 * TICK
others = max(0.0, (busy1 - busy0) - own) / (total1 - total0) * 100

def q(vals):
    vals = sorted(vals)
    if len(vals) < 2:
        return vals[0], vals[0], vals[0]
    q1, med, q3 = statistics.quantiles(vals, n=4, method='inclusive')
    return q1, med, q3

def cell(label, key):
    if label not in samples:
        return '-'
    vals = [s[key] for s in samples[label] if s.get(key) is not None]
    if not vals:
        return '-'
    q1, med, q3 = q(vals)
    return f'{med:.0f} ms [{q1:.0f}–{q3:.0f}]'

def med(label, key):
    vals = [s[key] for s in samples.get(label, []) if s.get(key) is not None]
    return statistics.median(vals) if vals else None

def ratio(num, den, key):
    if num not in samples or den not in samples:
        return '-'
    a, b = med(num, key), med(den, key)
    paired = [x[key] / y[key] for x, y in zip(samples[num], samples[den])
              if x.get(key) is not None and y.get(key) is not None]
    if a is None or b is None or not paired:
        return '-'

    q1, m, q3 = q(paired)
    return f'{a / b:.2f}x / {m:.2f}x [{q1:.2f}–{q3:.2f}]'

def added(num, den, key):
    if num not in samples or den not in samples:
        return '-'
    a, b = med(num, key), med(den, key)
    return '-' if a is None or b is None else f'{a - b:+.0f} ms'

rows = []
measures = {'plain': (('main', 'start -> main'), ('exit', 'start -> exit'), ('cpu', 'CPU user+sys, start -> exit')),
            'hello': (('main', 'start -> main'), ('gated', 'start -> first gated call'), ('exit', 'start -> exit'),
                      ('cpu', 'CPU user+sys, start -> exit')),
            'spring': (('started', 'start -> context started'), ('firstrun', 'start -> first gated run'),
                       ('cpu', 'CPU user+sys, start -> context started'))}
for app in ('plain', 'hello', 'spring'):
    if f'{app}-without' not in samples:
        continue
    for key, name in measures[app]:
        a, z, b = f'{app}-without', f'{app}-noop', f'{app}-with'
        rows.append(f'| {app} | {name} | {cell(a, key)} | {cell(z, key)} | {cell(b, key)} | {added(b, a, key)} '
                    f'| {ratio(b, a, key)} | {ratio(b, z, key)} |')
for label, what in (('spring-http', 'spring, Leadergate electing over plain HTTP'),
                    ('spring-nocluster', 'spring, Leadergate without an API server (weaving only, no election)')):
    if label not in samples:
        continue
    for key, name in measures['spring']:
        if key == 'firstrun' and label == 'spring-nocluster':
            continue  # never elects: no gated run
        a, z, b = 'spring-without', 'spring-noop', label
        rows.append(f'| {what} | {name} | {cell(a, key)} '
                    f'| {cell(z, key)} | {cell(b, key)} | {added(b, a, key)} | {ratio(b, a, key)} | {ratio(b, z, key)} |')
if 'aot-with' in samples:
    for key, name in measures['spring']:
        rows.append(f'| spring, AOT cache trained with its own agent | {name} | {cell("aot-without", key)} '
                    f'| {cell("aot-noop", key)} | {cell("aot-with", key)} | {added("aot-with", "aot-noop", key)} (vs no-op) '
                    f'| {ratio("aot-with", "aot-without", key)} | {ratio("aot-with", "aot-noop", key)} |')
for app in ('plain', 'hello', 'spring', 'aot'):
    label = f'{app}-with'
    if label in samples and med(label, 'premain') is not None:
        rows.append(f'| {app} | premain itself (agent log) | - | - | {cell(label, "premain")} | - | - | - |')
print('| app | measure | no agent | no-op agent | Leadergate | added (vs no agent) '
      '| ratio vs no agent: of medians / paired [IQR] | ratio vs no-op: of medians / paired [IQR] |')
print('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |')
print('\n'.join(rows))
print()
print(f'Medians [interquartile range] of {runs} interleaved runs per variant ({len(labels)} variants, order '
      f'rotated every round; {elapsed:.0f} s). "Paired": the median of the {runs} per-round ratios. 1-minute load '
      f'average after each round: {min(loads):.2f}–{max(loads):.2f} (median {statistics.median(loads):.2f}); other '
      f'processes used ~{others:.0f} % of the machine\'s CPU during the rounds.')

# The CDS check: one run per archive with -Xlog:class+load, classes by origin.
def origins(args):
    log = f'{work}/classload.log'
    run_spring(args, (f'-Xlog:class+load=info:file={log}',))
    warn = 'Sharing is only supported' in open(f'{work}/err', errors='replace').read()
    counts = {}
    for line in open(log, errors='replace'):
        m = re.search(r'\] (\S+) source: (.*)$', line)
        if not m:
            continue
        name, source = m.groups()
        group = ('Spring' if name.startswith('org.springframework.') else
                 'the app' if name.startswith('io.leadergate.it.') else
                 'Leadergate' if name.startswith('io.leadergate.') else 'other')
        shared = source.startswith('shared objects file')
        c = counts.setdefault(group, [0, 0])
        c[0] += shared
        c[1] += 1
    return warn, counts

checks = []
if aot and 'spring' in apps:
    for who, name in (('without', 'without an agent'), ('noop', 'with the no-op agent'), ('with', 'with Leadergate')):
        checks.append((f'AOT cache trained {name}, run the same way', ['-XX:AOTCache=' + caches[who][0], *caches[who][1]]))
elif 'spring' in apps:
    archive = f'{work}/app.jsa'
    subprocess.call([java, '-XX:ArchiveClassesAtExit=' + archive, '-Dspring.context.exit=onRefresh', '-jar', spring],
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env_for([]))
    if os.path.exists(archive):
        for who, args in (('no agent', []), ('the no-op agent', NOOP), ('Leadergate', LG)):
            checks.append((f'AppCDS archive trained without an agent, run with {who}', ['-XX:SharedArchiveFile=' + archive, *args]))
if checks:
    print()
    print('| archive, run | Spring classes from the archive | the app\'s | Leadergate\'s | other | "Sharing is only supported..." |')
    print('| --- | ---: | ---: | ---: | ---: | --- |')
    for name, args in checks:
        warn, c = origins(args)
        f = lambda g: f'{c[g][0]:,} of {c[g][1]:,}' if g in c else '-'
        print(f'| {name} | {f("Spring")} | {f("the app")} | {f("Leadergate")} | {f("other")} | {"**printed**" if warn else "none"} |')
if train_logs:
    print()
    print('What each AOT training could not archive (its "Skipping ..." warnings, by package and reason):')
    print()
    print('| training | package | reason | classes |')
    print('| --- | --- | --- | ---: |')
    for who, log in train_logs.items():
        counts = {}
        for line in open(log, errors='replace'):
            m = re.search(r'Skipping (\S+): (.*)$', line)
            if not m:
                continue
            name, reason = m.groups()
            pkg = '/'.join(name.split('/')[:-1][:3]) or name  # the package, at most three levels
            if 'super class' in reason:
                reason = 'its super class is excluded'
            counts[(pkg, reason)] = counts.get((pkg, reason), 0) + 1
        for (pkg, reason), n in sorted(counts.items(), key=lambda kv: -kv[1]):
            print(f'| {who} | `{pkg}` | {reason} | {n} |')
PY
TABLE=$(cat "$WORK/tables")
echo "$TABLE"
{
  echo
  echo "### Startup${STARTUP_LABEL:+ ($STARTUP_LABEL)}, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average $LOAD_BEFORE (before) / $(cut -d' ' -f1-3 /proc/loadavg) (after), $("$JAVA" -version 2>&1 | head -1)"
  echo
  echo "Command: \`${STARTUP_APPS:+STARTUP_APPS=\"$STARTUP_APPS\" }${JAVA_GIVEN:+JAVA=$JAVA_GIVEN }scripts/bench/startup.sh $RUNS\`"
  echo
  echo "$TABLE"
} >>"$OUT"
