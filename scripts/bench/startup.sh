#!/usr/bin/env bash
# JVM start -> main, -> first gated call, and -> exit, without an agent, with a no-op -javaagent
# (premain returns at once: the floor any agent pays) and with Leadergate: a plain hello world (no
# gated code), a hello world whose main calls a @LeaderOnly method at once (bench's HelloGated),
# and the Spring Boot it-app (start -> "started" line, context refreshed). On a JVM with AOT caches
# (Java 25: -XX:AOTCacheOutput, JEP 483/514) also the Spring app from a cache trained with the no-op
# agent against one trained with Leadergate (the recipe of docs/performance.md: train with the
# agent). Medians over N runs, premain's own time from the agent's debug log. Prints a Markdown
# table and appends it, with the command, date and load, to docs/performance.md.
#
#   scripts/bench/startup.sh [runs=15]        (build first: mvn -B package -DskipTests)
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java scripts/bench/startup.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
RUNS=${1:-15}
JAVA=${JAVA:-java}
AGENT=${AGENT_JAR:-agent/target/leadergate-agent.jar}
HELLO=$(ls bench/target/leadergate-bench-*.jar | head -1)
SPRING=${SPRING_JAR:-it-apps/spring-app/target/spring-app.jar}
OUT=${BENCH_DOC:-docs/performance.md}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
for f in "$AGENT" "$HELLO" "$SPRING"; do [[ -f $f ]] || { echo "missing $f: run mvn -B package -DskipTests" >&2; exit 1; }; done
JDK_BIN=$(dirname "$(readlink -f "$(command -v "$JAVA")")")
# The floor: an agent whose premain returns at once (as in footprint.sh).
mkdir -p "$WORK/noop/bench"
cat >"$WORK/noop/bench/NoopAgent.java" <<'JAVA'
package bench;
public final class NoopAgent {
    public static void premain(String args, java.lang.instrument.Instrumentation inst) {}
}
JAVA
printf 'Premain-Class: bench.NoopAgent\n' >"$WORK/noop/manifest"
"$JDK_BIN/javac" --release 11 -d "$WORK/noop/classes" "$WORK/noop/bench/NoopAgent.java"
"$JDK_BIN/jar" cfm "$WORK/noop-agent.jar" "$WORK/noop/manifest" -C "$WORK/noop/classes" .
NOOP=$WORK/noop-agent.jar
# Health port off: several engineers' JVMs share this host; the agent's other defaults stay.
export LEADERGATE_HEALTH_PORT=off
unset JAVA_TOOL_OPTIONS LEADERGATE_LEASE_NAME || true

now() { date +%s%N; }

# hello <label> [jvm args...]: one line per run: start->main start->gated start->exit premain
hello() {
  local label=$1; shift
  for ((i = 0; i < RUNS; i++)); do
    local t0 out t1 premain
    t0=$(now)
    out=$("$JAVA" "$@" -cp "$HELLO" io.leadergate.bench.HelloGated $MODE 2>"$WORK/err")
    t1=$(now)
    premain=$(grep -o 'premain took [0-9]*' "$WORK/err" | grep -o '[0-9]*$' || echo "-")
    read -r _ main _ gated _ <<<"$out"
    echo "$label $(( (main - t0) / 1000 )) $(( (gated - t0) / 1000 )) $(( (t1 - t0) / 1000 )) $premain"
  done
}

# spring <label> [jvm args...]: start -> "started" line, in microseconds; the JVM is then killed.
spring() {
  local label=$1; shift
  for ((i = 0; i < RUNS; i++)); do
    local t0 t1
    t0=$(now)
    "$JAVA" -XX:TieredStopAtLevel=1 "$@" -jar "$SPRING" >"$WORK/out" 2>"$WORK/err" &
    local pid=$!
    until grep -q ': started (pid' "$WORK/out" 2>/dev/null; do
      kill -0 $pid 2>/dev/null || { echo "spring-app exited: $(cat "$WORK/err")" >&2; exit 1; }
      sleep 0.01
    done
    t1=$(now)
    kill -9 $pid; wait $pid 2>/dev/null || true
    premain=$(grep -o 'premain took [0-9]*' "$WORK/err" | grep -o '[0-9]*$' || echo "-")
    echo "$label - $(( (t1 - t0) / 1000 )) - $premain"
  done
}

# AOT caches (Java 25+): one training run each that exits after the context refresh, then the
# timed runs start from that cache. The no-op agent's cache is the baseline.
AOT=
if "$JAVA" -XX:AOTCacheOutput="$WORK/probe.aot" -version >/dev/null 2>&1; then AOT=yes; fi
train() {
  local cache=$1; shift
  IT_REPLICA_ID=bench "$JAVA" -XX:AOTCacheOutput="$cache" "$@" -Dspring.context.exit=onRefresh -jar "$SPRING" \
    >"$WORK/train.out" 2>&1 || { echo "AOT training failed: $(tail -5 "$WORK/train.out")" >&2; exit 1; }
}
LG=("-javaagent:$AGENT" -Dleadergate.log.level=debug -Dleadergate.gate.spring.scheduled=true)
{
  MODE=plain hello plain-without
  MODE=plain hello plain-noop "-javaagent:$NOOP"
  MODE=plain hello plain-with "-javaagent:$AGENT" -Dleadergate.log.level=debug
  MODE= hello hello-without
  MODE= hello hello-noop "-javaagent:$NOOP"
  MODE= hello hello-with "-javaagent:$AGENT" -Dleadergate.log.level=debug
  IT_REPLICA_ID=bench spring spring-without
  IT_REPLICA_ID=bench spring spring-noop "-javaagent:$NOOP"
  IT_REPLICA_ID=bench spring spring-with "${LG[@]}"
  if [[ -n $AOT ]]; then
    train "$WORK/noop.aot" "-javaagent:$NOOP"
    train "$WORK/leadergate.aot" "${LG[@]}"
    IT_REPLICA_ID=bench spring aot-noop -XX:AOTCache="$WORK/noop.aot" "-javaagent:$NOOP"
    IT_REPLICA_ID=bench spring aot-with -XX:AOTCache="$WORK/leadergate.aot" "${LG[@]}"
  fi
} >"$WORK/samples"

TABLE=$(python3 - "$WORK/samples" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    label, *values = line.split()
    rows.setdefault(label, []).append(values)
def med(label, col):
    vals = [float(v[col]) / 1000 for v in rows[label] if v[col] != '-']
    return statistics.median(vals) if vals else None
def fmt(x): return '-' if x is None else f'{x:.0f} ms'
out = ['| app | measure | no agent | no-op agent | Leadergate | added (vs no agent) | ratio (vs no agent) | ratio (vs no-op) |',
       '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |']
for app, cols in (('plain', ((0, 'start -> main'), (2, 'start -> exit'))),
                  ('hello', ((0, 'start -> main'), (1, 'start -> first gated call'), (2, 'start -> exit'))),
                  ('spring', ((1, 'start -> context started'),))):
    for col, name in cols:
        a, z, b = med(app + '-without', col), med(app + '-noop', col), med(app + '-with', col)
        out.append(f'| {app} | {name} | {fmt(a)} | {fmt(z)} | {fmt(b)} | {fmt(b - a)} | {b / a:.2f}x | {b / z:.2f}x |')
if 'aot-with' in rows:
    z, b = med('aot-noop', 1), med('aot-with', 1)
    out.append(f'| spring, AOT cache trained with its agent | start -> context started | - | {fmt(z)} | {fmt(b)} | - | - | {b / z:.2f}x |')
for app in ('plain', 'hello', 'spring'):
    p = [float(v[3]) for v in rows[app + '-with'] if v[3] != '-']
    if p:
        out.append(f'| {app} | premain itself (agent log) | - | - | {statistics.median(p):.0f} ms | - | - | - |')
n = len(rows['plain-without'])
print('\n'.join(out) + f'\n\nMedians of {n} runs each.')
PY
)
echo "$TABLE"
{
  echo
  echo "### Startup, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $("$JAVA" -version 2>&1 | head -1)"
  echo
  echo "Command: \`scripts/bench/startup.sh $RUNS\`"
  echo
  echo "$TABLE"
} >>"$OUT"
