# Sourced by the bench scripts: builds the baseline agents every run measures against, into $1
# with the JDK tools in $2:
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
