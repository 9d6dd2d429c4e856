package io.leadergate.agent.startup;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Recognises the JVMs of JDK tools and build tools by their main class. {@code JAVA_TOOL_OPTIONS}
 * reaches every JVM in a container, so {@code jcmd}, {@code jstack}, {@code keytool} or a Maven
 * launcher run by an operator would otherwise each start an elector and try to bind the health
 * port.
 *
 * <p>The main class comes from {@code sun.java.command}, which the {@code java} launcher sets to
 * the main class (or jar) and its arguments; JDK tools run from a module, as {@code
 * jdk.jcmd/sun.tools.jcmd.JCmd}. No application of ours lives in these packages.
 */
final class JdkToolJvm {

    /** Packages (prefixes, with the dot) of JDK tools and build-tool launchers. */
    private static final List<String> TOOL_PACKAGES =
            Arrays.asList(
                    "sun.tools.", // jcmd, jps, jstack, jmap, jinfo, jstat, jstatd, jar, serialver
                    "sun.security.tools.", // keytool, jarsigner
                    "com.sun.tools.", // javac, javap, jdeps, jdb, jrunscript, jdeprscan
                    "jdk.internal.", // jshell, and the JDK's other internal entry points
                    "jdk.tools.", // jlink, jmod, jimage
                    "jdk.jfr.internal.tool.", // jfr
                    "jdk.javadoc.internal.", // javadoc
                    "jdk.jpackage.", // jpackage
                    "sun.jvm.hotspot.", // jhsdb
                    "sun.rmi.registry.", // rmiregistry
                    "sun.net.httpserver.simpleserver.", // jwebserver
                    "org.codehaus.plexus.classworlds.", // mvn
                    "org.apache.maven.wrapper.", // mvnw
                    "org.mvndaemon.", // mvnd
                    "org.gradle."); // gradle, gradlew, the Gradle daemon

    private JdkToolJvm() {}

    /** The tool's main class if this JVM runs a JDK or build tool, else empty. */
    static Optional<String> detect() {
        return toolMainClass(System.getProperty("sun.java.command"));
    }

    /**
     * @param javaCommand the value of {@code sun.java.command}, possibly null
     */
    static Optional<String> toolMainClass(String javaCommand) {
        if (javaCommand == null) {
            return Optional.empty();
        }
        String first = javaCommand.trim();
        int space = first.indexOf(' ');
        if (space >= 0) {
            first = first.substring(0, space);
        }
        // A module main class is written module/class.
        String mainClass = first.substring(first.indexOf('/') + 1);
        for (String prefix : TOOL_PACKAGES) {
            if (mainClass.startsWith(prefix)) {
                return Optional.of(mainClass);
            }
        }
        return Optional.empty();
    }
}
