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
#
# The table is printed at the end and written to it-apps/tests/target/it-logs/chaos-report.md;
# every replica's and API server's output is in it-apps/tests/target/it-logs/ChaosSuiteTest/.
# The CI form (one shuffled round of every fault type, ~1.5 min) runs in `mvn -B verify`.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
faults=200
seed=
slack=3s
build=yes
while [[ $# -gt 0 ]]; do
  case $1 in
    --faults) faults=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --slack) slack=$2; shift 2 ;;
    --no-build) build=no; shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (try --help)" >&2; exit 2 ;;
  esac
done

if [[ $build == yes ]]; then
  # The agent, the dev API server and the app the replicas run; their unit tests are not the point here.
  mvn -B -q -DskipTests install -pl bootstrap,annotations,agent,devserver,it-apps/plain-app -am
fi

args=(-B -pl test-support,it-apps/tests -Dit.standalone test -Dtest=ChaosSuiteTest
      -Dsurefire.failIfNoSpecifiedTests=false "-Dchaos.faults=$faults" "-Dchaos.slack=$slack")
[[ -n $seed ]] && args+=("-Dchaos.seed=$seed")
mvn "${args[@]}"
