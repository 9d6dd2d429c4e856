#!/usr/bin/env bash
# Leadergate demo: three replicas of a plain Java app, one Kubernetes Lease, one leader at a time.
#
# Starts the dev API server (a small, real Kubernetes Lease API) and three JVMs of it-apps/plain-app,
# each with the agent in JAVA_TOOL_OPTIONS exactly as in a pod, and shows who runs the
# @LeaderOnly work. Everything it writes goes to demo-work/ (git-ignored).
#
#   scripts/demo.sh            interactive when run in a terminal: you kill the leader yourself
#   scripts/demo.sh --auto     scripted: kill -9 the leader at ~8 s, SIGTERM the next one at ~15 s,
#                              stop at ~20 s (the default when there is no terminal)
#   scripts/demo.sh --auto --keep   the same, then keep the replicas running for you to try kubectl,
#                              curl and kill yourself (Ctrl-C stops everything)
#   scripts/demo.sh --no-build skip `mvn -B -q -DskipTests package` (jars already built)
#   scripts/demo.sh --groups   several Leases: three replicas of it-apps/groups-app with six groups
#                              of work (four @LeaderOnly("group"), two by LEADERGATE_GATE_METHODS),
#                              prints which replica leads which group (2+2+2), kills -9 one and
#                              shows the spread restored over the two survivors (3+3), then stops
#                              (with --keep: keeps running)
#
# Watch the Lease with the real kubectl while it runs (printed at start):
#   kubectl --kubeconfig demo-work/kubeconfig get lease demo -w
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
WORK=$ROOT/demo-work
AGENT_JAR=$ROOT/agent/target/leadergate-agent.jar
DEVSERVER_JAR=$ROOT/devserver/target/leadergate-devserver.jar
APP_JAR=$ROOT/it-apps/plain-app/target/plain-app.jar
REPLICAS=3
HEALTH_BASE_PORT=${HEALTH_BASE_PORT:-8085} # replica-i serves /leader, /readyz, /metrics on 8085+i
LEASE=demo

mode=auto
[[ -t 0 && -t 1 ]] && mode=interactive
build=yes
keep=no
groups=no
for arg in "$@"; do
  case $arg in
    --auto) mode=auto ;;
    --groups) groups=yes ;;
    --keep) keep=yes ;;
    --interactive) mode=interactive ;;
    --no-build) build=no ;;
    -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $arg (try --help)" >&2; exit 2 ;;
  esac
done

GROUPS_APP_JAR=$ROOT/it-apps/groups-app/target/groups-app.jar
GROUP_NAMES="alpha beta delta epsilon gamma zeta"
if [[ $groups == yes ]]; then
  APP_JAR=$GROUPS_APP_JAR
  # Two of the six groups are selected by configuration alone (group=Class#method), as in a pod.
  export LEADERGATE_GATE_METHODS='epsilon=io.leadergate.it.groups.GroupsApp$PatternJobs#epsilon;zeta=io.leadergate.it.groups.GroupsApp$PatternJobs#zeta'
fi

if [[ -t 1 ]]; then
  BOLD=$'\e[1m' DIM=$'\e[2m' RED=$'\e[31m' RESET=$'\e[0m'
  COLORS=($'\e[36m' $'\e[35m' $'\e[33m')
else
  BOLD='' DIM='' RED='' RESET='' COLORS=('' '' '')
fi

micros() { echo "${EPOCHREALTIME//[!0-9]/}"; } # locale-proof: drop the decimal separator
START=$(micros)
elapsed() { local t=$(( ($(micros) - START) / 100000 )); printf '%4d.%ds' $((t / 10)) $((t % 10)); }
say() { printf '%s %s%s%s\n' "$(elapsed)" "$BOLD" "$*" "$RESET"; }

devserver_pid='' tail_pid='' view_pid=''
declare -a replica_pid=()

# Whatever happens (Ctrl-C, an error, the end), leave no JVM behind. Replicas first, gracefully,
# so they release the lease while the dev server is still there to receive it.
cleanup() {
  trap - EXIT INT TERM
  local pid
  for pid in "${replica_pid[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for _ in $(seq 50); do
    local alive=no
    for pid in "${replica_pid[@]}"; do kill -0 "$pid" 2>/dev/null && alive=yes; done
    [[ $alive == no ]] && break
    sleep 0.1
  done
  for pid in "${replica_pid[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  sleep 0.3 # let the view print the last lines
  for pid in $devserver_pid $tail_pid $view_pid; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP # closing the terminal cleans up too

if [[ $build == yes ]]; then
  say "Building everything: mvn -B -q -DskipTests package (takes a minute or two the first time)"
  mvn -B -q -DskipTests package # .mvn/jvm.config keeps Maven 3.8 from printing stray ESC[0m resets
fi
for jar in "$AGENT_JAR" "$DEVSERVER_JAR" "$APP_JAR"; do
  [[ -f $jar ]] || { echo "missing $jar: run without --no-build" >&2; exit 1; }
done

rm -rf "$WORK"
mkdir -p "$WORK"

say "Starting the dev API server (Kubernetes Lease API on localhost)"
java -jar "$DEVSERVER_JAR" --port 0 --kubeconfig "$WORK/kubeconfig" >"$WORK/devserver.log" 2>&1 &
devserver_pid=$!
for _ in $(seq 600); do
  grep -q 'listening on' "$WORK/devserver.log" 2>/dev/null && break
  kill -0 "$devserver_pid" 2>/dev/null || { cat "$WORK/devserver.log"; echo "dev server failed to start" >&2; exit 1; }
  sleep 0.1
done
url=$(grep -o 'listening on .*' "$WORK/devserver.log" | head -1 | cut -d' ' -f3)
[[ -n $url ]] || { echo "dev server did not start within 60 s" >&2; exit 1; }
say "Dev API server at $url (kubeconfig: demo-work/kubeconfig)"
if [[ $groups == yes ]]; then
  say "Watch the Leases as on a cluster:  kubectl --kubeconfig demo-work/kubeconfig get leases -w"
else
  say "Watch the Lease as on a cluster:  kubectl --kubeconfig demo-work/kubeconfig get lease $LEASE -w"
fi

# The live view: the app's own lines and the agent's lines, prefixed by the replica they came from.
# tail's "==> file <==" headers say which replica's log the following lines are from.
for i in $(seq "$REPLICAS"); do : >"$WORK/replica-$i.log"; done
mkfifo "$WORK/view.fifo"
tail -n +1 -F "$WORK"/replica-*.log >"$WORK/view.fifo" 2>/dev/null &
tail_pid=$!
(
  who=''
  declare -A last_list=() # --groups: the last "leads [..]" shown per replica
  while IFS= read -r line; do
    case $line in
      '==> '*'/replica-'*'.log <=='*) who=${line##*/} who=${who%.log*}; continue ;;
      replica-[0-9]*': '*)
        what=${line#*: }
        # --groups: each change is also printed as the whole list ("leads [a, b]"); show only that.
        if [[ $groups == yes ]]; then
          [[ $what == 'stands by for '* || ( $what == 'leads '* && $what != 'leads ['* ) ]] && continue
          [[ ${last_list[$who]:-} == "$what" ]] && continue
          last_list[$who]=$what
        fi
        ;;
      '[leadergate] '*)
        # "[leadergate] <timestamp> INFO  became leader of ..." -> "agent: became leader of ..."
        rest=${line#'[leadergate] '} rest=${rest#* } level=${rest%% *}
        rest=${rest#"$level"} rest=${rest#"${rest%%[! ]*}"}
        [[ $rest == *' active: '* ]] && rest=${rest%%;*} # the full settings are in demo-work/replica-N.log
        (( ${#rest} > 150 )) && rest="${rest:0:150}…"
        if [[ $level == INFO ]]; then what="$DIM[agent] $rest$RESET"; else what="$RED[agent] $level$RESET $rest"; fi
        ;;
      *) continue ;;
    esac
    n=${who#replica-}
    printf '%s %s%-9s%s %s\n' "$(elapsed)" "${COLORS[$(( (n - 1) % 3 ))]}" "$who" "$RESET" "$what"
  done <"$WORK/view.fifo"
) &
view_pid=$!

say "Starting $REPLICAS replicas of $(basename "$APP_JAR" .jar) with JAVA_TOOL_OPTIONS=-javaagent:agent/target/leadergate-agent.jar"
start_replica() {
  local i=$1
  # Configuration is environment only, as in a pod (see docs/kubernetes/deployment.yaml).
  JAVA_TOOL_OPTIONS="-javaagent:$AGENT_JAR" \
  LEADERGATE_KUBECONFIG="$WORK/kubeconfig" \
  LEADERGATE_LEASE_NAMESPACE=default \
  LEADERGATE_LEASE_NAME=$LEASE \
  LEADERGATE_IDENTITY=replica-$i \
  LEADERGATE_LEASE_DURATION=2s \
  LEADERGATE_RENEW_DEADLINE=1500ms \
  LEADERGATE_RETRY_PERIOD=250ms \
  LEADERGATE_HEALTH_PORT=$(( HEALTH_BASE_PORT + i )) \
  IT_REPLICA_ID=replica-$i \
  IT_RUN_LOG="$WORK/runs.log" \
    java -jar "$APP_JAR" >>"$WORK/replica-$i.log" 2>&1 &
  replica_pid[i]=$!
  disown # no "Killed" job notice from bash when we kill it; cleanup() still stops it by PID
}
for i in $(seq "$REPLICAS"); do start_replica "$i"; done

pids=''
for i in $(seq "$REPLICAS"); do pids+=" replica-$i=${replica_pid[i]}"; done
say "PIDs:$pids   (full logs in demo-work/)"
say "Each replica's health port: curl http://127.0.0.1:$(( HEALTH_BASE_PORT + 1 ))/leader (replica-1), :$(( HEALTH_BASE_PORT + 2 )), ... also /readyz and /metrics"

# The leader is whoever recorded the latest gated run (the app appends one line per run).
current_leader() { tail -n 1 "$WORK/runs.log" 2>/dev/null | cut -d' ' -f1; }
pid_of() { echo "${replica_pid[${1#replica-}]}"; }

# Waits (up to $2 seconds) until someone other than $1 runs gated work; prints who.
await_new_leader() {
  local old=$1 deadline=$(( $(micros) + $2 * 1000000 )) now
  while (( $(micros) < deadline )); do
    now=$(current_leader)
    if [[ -n $now && $now != "$old" ]]; then echo "$now"; return 0; fi
    sleep 0.05
  done
  return 1
}

# --groups: who leads which group, from each live replica's latest "replica-N: leads [a, b]" line
# (the groups app prints it on every change). Prints "replica-1: alpha delta" lines, sorted.
spread_now() {
  local i line
  for i in $(seq "$REPLICAS"); do
    kill -0 "${replica_pid[i]}" 2>/dev/null || continue
    line=$(grep -a "^replica-$i: leads \[" "$WORK/replica-$i.log" | tail -n 1)
    line=${line#*[} line=${line%]} line=${line//,/}
    echo "replica-$i: $line"
  done
}
# The loads of a spread, largest first ("2 2 2"), or nothing unless every group has exactly one leader.
spread_loads() {
  local spread=$1 all
  all=$(echo "$spread" | cut -d: -f2 | tr ' ' '\n' | grep -v '^$' | sort | tr '\n' ' ')
  [[ $all == "$(echo "$GROUP_NAMES" | tr ' ' '\n' | sort | tr '\n' ' ')" ]] || return 0
  echo "$spread" | while read -r _ gs; do set -- $gs; echo $#; done | sort -rn | tr '\n' ' ' | sed 's/ $//'
}
# Waits (up to $2 s) until the loads are $1 and have held for 2 s; prints the spread.
await_spread() {
  local want=$1 deadline=$(( $(micros) + $2 * 1000000 )) spread stable_since=0
  while (( $(micros) < deadline )); do
    spread=$(spread_now)
    if [[ $(spread_loads "$spread") == "$want" ]]; then
      (( stable_since == 0 )) && stable_since=$(micros) stable=$spread
      if [[ $spread != "$stable" ]]; then stable_since=$(micros) stable=$spread; fi
      (( $(micros) - stable_since >= 2000000 )) && { echo "$spread"; return 0; }
    else
      stable_since=0
    fi
    sleep 0.2
  done
  return 1
}
show_spread() { while IFS= read -r line; do say "    $line"; done <<<"$1"; }

if [[ $groups == yes ]]; then
  spread=$(await_spread "2 2 2" 120) || { echo "no 2+2+2 spread within 120 s; see demo-work/*.log" >&2; spread_now >&2; exit 1; }
  say "Six groups, six Leases ($LEASE-alpha ... $LEASE-zeta), spread over three replicas:"
  show_spread "$spread"
  say "See them:  kubectl --kubeconfig demo-work/kubeconfig get leases   or  curl http://127.0.0.1:$(( HEALTH_BASE_PORT + 1 ))/leader"
  victim=$(echo "$spread" | grep -w alpha | cut -d: -f1)
  say "${RED}kill -9 $(pid_of "$victim")${RESET}${BOLD}  ($victim, leading$(echo "$spread" | grep -w alpha | cut -d: -f2)): its Leases expire (2 s) and move to the survivors"
  killed_at=$(micros)
  kill -KILL "$(pid_of "$victim")"
  spread=$(await_spread "3 3" 60) || { echo "the spread was not restored within 60 s" >&2; spread_now >&2; exit 1; }
  t=$(( ($(micros) - killed_at) / 100000 ))
  say "Spread restored over the two survivors ($((t / 10)).$((t % 10)) s after the kill, including 2 s of it holding still):"
  show_spread "$spread"
  if [[ $keep == yes ]]; then
    start_replica "${victim#replica-}"
    say "Restarted $victim (pid $(pid_of "$victim")): it is handed groups one at a time, by graceful hand-over"
    spread=$(await_spread "2 2 2" 120) && show_spread "$spread"
    say "Still running (--keep): kill replicas yourself, watch the spread in the log above. Ctrl-C stops everything"
    while true; do sleep 3600; done
  fi
  say "Stopping everything"
  exit 0
fi

leader=$(await_new_leader none 90) || { echo "no leader within 90 s; see demo-work/*.log" >&2; exit 1; }

if [[ $mode == interactive ]]; then
  say "The leader is $leader. In another terminal, kill it:  kill -9 $(pid_of "$leader")   (Ctrl-C here stops everything)"
  while true; do
    next=$(await_new_leader "$leader" 3600) || continue
    leader=$next
    say "The leader is now $leader (pid $(pid_of "$leader")). Try  kill -9 $(pid_of "$leader")  or  kill $(pid_of "$leader")  (graceful)"
  done
fi

sleep 8
victim=$leader
say "${RED}kill -9 $(pid_of "$victim")${RESET}${BOLD}  ($victim, the leader): no shutdown, no release — the others wait for the lease to expire (2 s)"
killed_at=$(micros)
kill -KILL "$(pid_of "$victim")"
leader=$(await_new_leader "$victim" 30) || { echo "no new leader within 30 s" >&2; exit 1; }
t=$(( ($(micros) - killed_at) / 100000 ))
say "$leader took over $((t / 10)).$((t % 10)) s after the kill"

sleep 5
victim=$leader
say "kill $(pid_of "$victim")  ($victim, the leader): SIGTERM — the agent releases the lease on the way out"
stopped_at=$(micros)
kill -TERM "$(pid_of "$victim")"
leader=$(await_new_leader "$victim" 30) || { echo "no new leader within 30 s" >&2; exit 1; }
t=$(( ($(micros) - stopped_at) / 100000 ))
say "$leader took over $((t / 10)).$((t % 10)) s after SIGTERM, without waiting for expiry"

sleep 4
if [[ $keep == yes ]]; then
  for i in $(seq "$REPLICAS"); do
    kill -0 "${replica_pid[i]}" 2>/dev/null || { start_replica "$i"; say "Restarted replica-$i (pid ${replica_pid[i]})"; }
  done
  say "Still running (--keep): try  kubectl --kubeconfig demo-work/kubeconfig get lease $LEASE -w,  kill -9 $(pid_of "$leader")  ($leader leads now),  curl http://127.0.0.1:$(( HEALTH_BASE_PORT + ${leader#replica-} ))/leader.  Ctrl-C stops everything"
  while true; do
    next=$(await_new_leader "$leader" 3600) || continue
    leader=$next
    say "The leader is now $leader (pid $(pid_of "$leader"))"
  done
fi
say "Stopping everything"
