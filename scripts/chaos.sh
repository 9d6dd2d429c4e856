#!/usr/bin/env bash
# Leadergate chaos suite, long form: hundreds of seeded faults against replicas of it-apps/plain-app
# with the agent, each behind its own cuttable TCP proxy to the dev API server. Checks after the run
# that no two replicas ever ran gated work at once, that no gate stayed open where the protocol says
# it must be shut, and how long the work stood still after each fault. See docs/reliability.md.
#
#   scripts/chaos.sh                      200 faults, random seed (printed at the start)
#   scripts/chaos.sh --faults 500         more faults (about 4 s each on an idle machine; a 409 storm about 20 s)
#   scripts/chaos.sh --seed 42            replay a run: same faults, order and parameters
#   scripts/chaos.sh --slack 5s           widen the gap bound on a very busy machine (default 3s)
#   scripts/chaos.sh --no-build           use the jars already in */target
#   scripts/chaos.sh --groups             multi-group mode: replicas of it-apps/groups-app, six groups on six
#                                         Leases spread over the replicas, the same faults; overlaps, gaps and
#                                         runs where the gate must be shut judged per group (report:
#                                         it-apps/tests/target/it-logs/chaos-groups-report.md)
#
# The table is printed at the end and written to it-apps/tests/target/it-logs/chaos-report.md;
# every replica's and API server's output is in it-apps/tests/target/it-logs/ChaosSuiteTest/.
# The CI form (one shuffled round of every fault type, ~1.5 min; and 3 faults of the multi-group
# mode, ~20 s) runs in `mvn -B verify`.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
faults=200
seed=
slack=3s
build=yes
test=ChaosSuiteTest#atMostOneReplicaRunsGatedWorkUnderFaults
count=chaos.faults
while [[ $# -gt 0 ]]; do
  case $1 in
    --faults) faults=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --slack) slack=$2; shift 2 ;;
    --no-build) build=no; shift ;;
    --groups) test=ChaosSuiteTest#atMostOneReplicaPerGroupRunsItsWorkUnderFaults count=chaos.group.faults; shift ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (try --help)" >&2; exit 2 ;;
  esac
done

if [[ $build == yes ]]; then
  # The agent, the dev API server and the app the replicas run; their unit tests are not the point here.
  mvn -B -q -DskipTests install -pl bootstrap,annotations,agent,devserver,it-apps/plain-app,it-apps/groups-app -am
fi

args=(-B -pl test-support,it-apps/tests -Dit.standalone test "-Dtest=$test"
      -Dsurefire.failIfNoSpecifiedTests=false "-D$count=$faults" "-Dchaos.slack=$slack")
[[ -n $seed ]] && args+=("-Dchaos.seed=$seed")
mvn "${args[@]}"
