#!/usr/bin/env bash
# How late a freshly started agent JVM's first claim reaches the API server: the dev server (TLS,
# a token) keeps every Lease write's arrival time next to the renewTime the writer stamped in it
# (GET /_dev/arrivals). Per run, a released Lease (holder "", as a graceful hand-over leaves it) is
# written, then a fresh plain-app JVM with the agent is started on it; its claim (acquire), first
# and second renewals are read back. The gap stamp -> arrival of the claim is the cold path (class
# loading of the HTTP, TLS and JSON code between the stamp and the request); the second renewal,
# in the same JVM and run, is the warm baseline. Also JVM launch -> claim arrived. Medians over N
# runs; prints a Markdown table and appends it, with the command, date and load, to
# docs/performance.md.
#
#   scripts/bench/first-request.sh [runs=10]   (build first: mvn -B package -DskipTests)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
RUNS=${1:-10}
JAVA=${JAVA:-java}
AGENT=${AGENT_JAR:-agent/target/leadergate-agent.jar}
APP=${APP_JAR:-it-apps/plain-app/target/plain-app.jar}
DEVSERVER=${DEVSERVER_JAR:-devserver/target/leadergate-devserver.jar}
OUT=${BENCH_DOC:-docs/performance.md}
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
bench_work_dir
for f in "$AGENT" "$APP" "$DEVSERVER"; do [[ -f $f ]] || { echo "missing $f: run mvn -B package -DskipTests" >&2; exit 1; }; done
unset JAVA_TOOL_OPTIONS || true

PORT=$(free_port)
start_dev_server "$WORK/kubeconfig" "$WORK/devserver.out" --port "$PORT" --tls --client bench=bench-token
API=https://127.0.0.1:$PORT
api() { curl -sk -H 'Authorization: Bearer bench-token' -H 'Content-Type: application/json' "$@"; }

for ((i = 0; i < RUNS; i++)); do
  name=first-request-$i
  old=$(date -u -d '-1 hour' +%Y-%m-%dT%H:%M:%S.000000Z)
  api -X POST "$API/apis/coordination.k8s.io/v1/namespaces/default/leases" -d "{\"apiVersion\":\"coordination.k8s.io/v1\",\"kind\":\"Lease\",\"metadata\":{\"name\":\"$name\"},\"spec\":{\"holderIdentity\":\"\",\"leaseDurationSeconds\":1,\"acquireTime\":\"$old\",\"renewTime\":\"$old\",\"leaseTransitions\":1}}" >/dev/null
  launched=$(date -u +%s%N)
  LEADERGATE_KUBECONFIG=$WORK/kubeconfig LEADERGATE_LEASE_NAME=$name \
    LEADERGATE_HEALTH_PORT=$(free_port) LEADERGATE_HEALTH_ADDRESS=127.0.0.1 \
    "$JAVA" -javaagent:"$AGENT" -jar "$APP" >"$WORK/app-$i.out" 2>&1 &
  pid=$!
  PIDS+=($pid)
  # The claim and two renewals (one retry period apart, 2 s by default).
  deadline=$((SECONDS + 60))
  until [[ $(api "$API/_dev/arrivals" | python3 -c "import json,sys; print(sum(1 for a in json.load(sys.stdin)['items'] if a['name']=='$name' and a['holderIdentity']))") -ge 3 ]]; do
    ((SECONDS < deadline)) || { echo "run $i: no claim and two renewals within 60 s: $(cat "$WORK/app-$i.out")" >&2; exit 1; }
    sleep 0.2
  done
  kill -9 $pid; wait $pid 2>/dev/null || true
  echo "$name $launched" >>"$WORK/launches"
done
api "$API/_dev/arrivals" >"$WORK/arrivals.json"

TABLE=$(python3 - "$WORK" <<'PY'
import datetime, json, statistics, sys
work = sys.argv[1]
def micros(text):  # RFC 3339 with up to nanoseconds, as the server and Leases write it
    date, frac = text.rstrip('Z').split('.') if '.' in text else (text.rstrip('Z'), '0')
    t = datetime.datetime.strptime(date, '%Y-%m-%dT%H:%M:%S').replace(tzinfo=datetime.timezone.utc)
    return int(t.timestamp()) * 1_000_000 + int((frac + '000000')[:6])
arrivals = json.load(open(f'{work}/arrivals.json'))['items']
launches = dict(line.split() for line in open(f'{work}/launches'))
rows = {'claim': [], 'renew 1': [], 'renew 2': [], 'launch': []}
for name, launched in launches.items():
    writes = [a for a in arrivals if a['name'] == name and a['holderIdentity']][:3]
    for label, w in zip(['claim', 'renew 1', 'renew 2'], writes):
        rows[label].append((micros(w['arrived']) - micros(w['renewTime'])) / 1000)
    rows['launch'].append((micros(writes[0]['arrived']) - int(launched) // 1000) / 1000)
def cells(values):
    return f'{statistics.median(values):.1f} ms | {min(values):.1f} ms | {max(values):.1f} ms'
out = ['| fresh agent JVM on a released Lease (TLS, token) | median | min | max |',
       '| --- | ---: | ---: | ---: |',
       '| claim: renewTime stamped -> request arrived at the server | ' + cells(rows['claim']) + ' |',
       '| first renewal: stamped -> arrived | ' + cells(rows['renew 1']) + ' |',
       '| second renewal (baseline, warm): stamped -> arrived | ' + cells(rows['renew 2']) + ' |',
       '| JVM launched -> claim arrived | ' + cells(rows['launch']) + ' |']
print('\n'.join(out) + f'\n\n{len(launches)} runs, one fresh JVM each.')
PY
)
echo "$TABLE"
{
  echo
  echo "### First Lease request, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $("$JAVA" -version 2>&1 | head -1)"
  echo
  echo "Command: \`scripts/bench/first-request.sh $RUNS\`"
  echo
  echo "$TABLE"
} >>"$OUT"
