package io.leadergate.agent.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code sun.java.command} values of JDK and build tools, and of applications that are not tools.
 */
class JdkToolJvmTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "jdk.jcmd/sun.tools.jcmd.JCmd -l",
                "jdk.jcmd/sun.tools.jps.Jps",
                "jdk.jcmd/sun.tools.jstack.JStack 42",
                "jdk.jcmd/sun.tools.jmap.JMap -histo 42",
                "jdk.jcmd/sun.tools.jinfo.JInfo 42",
                "jdk.jcmd/sun.tools.jstat.Jstat -gcutil 42",
                "java.base/sun.security.tools.keytool.Main -help",
                "jdk.compiler/com.sun.tools.javac.Main -version",
                "jdk.jshell/jdk.internal.jshell.tool.JShellToolProvider",
                "jdk.jartool/sun.tools.jar.Main tf x.jar",
                "sun.tools.jcmd.JCmd -l",
                "org.codehaus.plexus.classworlds.launcher.Launcher -B verify",
                "org.gradle.wrapper.GradleWrapperMain build",
                "org.gradle.launcher.daemon.bootstrap.GradleDaemon 8.5",
            })
    void toolsAreRecognised(String command) {
        String main = command.split(" ")[0];
        assertEquals(
                Optional.of(main.substring(main.indexOf('/') + 1)),
                JdkToolJvm.toolMainClass(command));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "com.acme.Main",
                "/app/app.jar --port 8080",
                "app.jar",
                "org.springframework.boot.loader.launch.JarLauncher",
                "io.leadergate.it.plain.PlainApp",
                "",
                "   ",
                "sun.toolsmith.Main",
                "com.sun.toolsx.Main",
            })
    void applicationsAreNotTools(String command) {
        assertEquals(Optional.empty(), JdkToolJvm.toolMainClass(command));
    }

    @org.junit.jupiter.api.Test
    void noCommandIsNoTool() {
        assertEquals(Optional.empty(), JdkToolJvm.toolMainClass(null));
    }
}
