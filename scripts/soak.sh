#!/usr/bin/env bash
# Leadergate soak: 5 replicas of it-apps/plain-app with the agent, a random fault every few seconds
# (leader paused past its lease, leader cut off the API server, API unreachable, API latency, API
# restart keeping its data; every replica survives them), lease 2 s. Every replica's resident memory,
# heap after GC, threads and open file descriptors are sampled and their slopes reported per hour;
# fails on any overlap, a run where the gate must be shut, threads or descriptors that keep growing,
# or a warning/error line repeated more often than faults were injected. See docs/reliability.md.
#
#   scripts/soak.sh                     30 minutes, sampling every 30 s (the documented form)
#   scripts/soak.sh --minutes 10        shorter
#   scripts/soak.sh --seed 42           replay the same fault sequence
#   scripts/soak.sh --no-build          use the jars already in */target
#   scripts/soak.sh --jvm-args "-Xmx64m -XX:NativeMemoryTracking=summary"
#                                       flags for every replica JVM instead of the default -Xmx64m
#                                       ("" for the JVM's own defaults); with native memory
#                                       tracking, each replica's jcmd VM.native_memory diff (warm-up
#                                       to end) and largest anonymous mappings go to
#                                       SoakTest/<replica>.native-memory.txt
#
# The table is printed and written to it-apps/tests/target/it-logs/soak-report.md; process output is
# in it-apps/tests/target/it-logs/SoakTest/. The CI form (1 minute) runs in scripts/test.sh (mvn -B verify).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
minutes=30
sample=30s
seed=
jvm_args=
jvm_set=no
build=yes
while [[ $# -gt 0 ]]; do
  case $1 in
    --minutes) minutes=$2; shift 2 ;;
    --sample) sample=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --jvm-args) jvm_args=$2; jvm_set=yes; shift 2 ;;
    --no-build) build=no; shift ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (try --help)" >&2; exit 2 ;;
  esac
done

if [[ $build == yes ]]; then
  # The agent, the dev API server and the app the replicas run; their tests are not the point here.
  mvn -B -q -DskipTests package -pl bootstrap,annotations,agent,devserver,it-apps/plain-app -am
fi

args=(-B -pl test-support,it-apps/tests -Dit.standalone test -Dtest=SoakTest -Dsurefire.failIfNoSpecifiedTests=false
      "-Dsoak.minutes=$minutes" "-Dsoak.sample=$sample")
[[ -n $seed ]] && args+=("-Dsoak.seed=$seed")
[[ $jvm_set == yes ]] && args+=("-Dsoak.jvmArgs=$jvm_args")
mvn "${args[@]}"
