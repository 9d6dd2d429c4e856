# Sourced by the bench scripts (after `cd` to the project root): what every one of them needs.

# $WORK, a temporary directory removed on exit (kept with KEEP_WORK=1), and $PIDS, processes killed
# on exit.
bench_work_dir() {
  WORK=$(mktemp -d)
  PIDS=()
  trap 'for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done; [[ -n ${KEEP_WORK:-} ]] || rm -rf "$WORK"' EXIT
}

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# start_dev_server KUBECONFIG LOG [flags...]: the dev API server ($DEVSERVER) on a free port (unless
# the flags give --port), writing a kubeconfig for it; returns once it listens. Killed on exit.
start_dev_server() {
  local kubeconfig=$1 log=$2
  shift 2
  local port=(--port 0)
  [[ " $* " != *" --port "* ]] || port=()
  "$JAVA" -jar "$DEVSERVER" "${port[@]}" "$@" --kubeconfig "$kubeconfig" >"$log" 2>&1 &
  PIDS+=($!)
  disown # killed by the exit trap: no "Killed" notice
  until [[ -s $kubeconfig ]] && grep -q 'listening on' "$log"; do sleep 0.1; done
}

# build_noop_agents DIR JDK_BIN: the baseline agents every run measures against, into DIR with the
# JDK tools in JDK_BIN:
#   $1/noop-agent.jar  premain returns at once (the floor of any -javaagent: java.instrument itself)
#   $1/null-agent.jar  premain registers a ClassFileTransformer that returns null, with
#                      canRetransform when its argument is "retransform" (the floor of any weaving
#                      agent: the JVM's class-load hook for every class, archived ones included)
build_noop_agents() {
  local work=$1 jdk_bin=$2
  mkdir -p "$work/noop-src/bench" "$work/noop-classes"
  cat >"$work/noop-src/bench/NoopAgent.java" <<'JAVA'
package bench;
public final class NoopAgent {
    public static void premain(String args, java.lang.instrument.Instrumentation inst) {}
}
JAVA
  cat >"$work/noop-src/bench/NullTransformerAgent.java" <<'JAVA'
package bench;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
public final class NullTransformerAgent implements ClassFileTransformer {
    public static void premain(String args, java.lang.instrument.Instrumentation inst) {
        inst.addTransformer(new NullTransformerAgent(), "retransform".equals(args));
    }
    @Override
    public byte[] transform(ClassLoader loader, String name, Class<?> redefined, ProtectionDomain pd, byte[] file) {
        return null;
    }
}
JAVA
  "$jdk_bin/javac" --release 11 -d "$work/noop-classes" "$work/noop-src/bench/"*.java
  printf 'Premain-Class: bench.NoopAgent\n' >"$work/noop.mf"
  printf 'Premain-Class: bench.NullTransformerAgent\nCan-Retransform-Classes: true\n' >"$work/null.mf"
  "$jdk_bin/jar" cfm "$work/noop-agent.jar" "$work/noop.mf" -C "$work/noop-classes" bench/NoopAgent.class
  "$jdk_bin/jar" cfm "$work/null-agent.jar" "$work/null.mf" -C "$work/noop-classes" bench/NullTransformerAgent.class
}
