package io.leadergate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.tools.attach.VirtualMachine;
import io.leadergate.it.ObservedReplicas.Replica;
import io.leadergate.testsupport.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The agent never creates the platform MBeanServer (about 300 classes and 3 MB of heap): a leader
 * whose application uses no JMX has not loaded the JMX implementation; once an operator attaches as
 * jconsole does (the attach API's {@code startLocalManagementAgent}, which is {@code jcmd <pid>
 * ManagementAgent.start_local}), the Leadership MBean appears within a deadline and answers.
 */
class LazyJmxTest {

    private static final Duration FIRST_LEADER = Duration.ofSeconds(90);
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String LEASE = "lazy-jmx";
    private static final String JMX_SERVER = "com.sun.jmx.mbeanserver.JmxMBeanServer ";

    @RegisterExtension static final LeaseCluster cluster = new LeaseCluster();

    @Test
    void theMBeanAppearsOnceAnOperatorStartsJmxAndNotBefore() throws Exception {
        Path classes = cluster.testDir().resolve("replica-1-classes.log");
        ObservedReplicas replicas = cluster.observedReplicas(); // closed after the test
        Replica leader =
                replicas.start(
                        "replica-1",
                        Path.of(ItConfig.property("it.leadership-app.jar")),
                        LEASE,
                        Map.of("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + classes));
        assertEquals(leader, replicas.awaitSoleLeader(FIRST_LEADER));
        Await.until(
                "the application to see its leadership",
                PATIENCE,
                () -> leader.process().stdout().contains("replica-1: leadership leader=true"),
                replicas::describe);
        assertFalse(
                Files.readString(classes).contains(JMX_SERVER),
                "a leader with nothing using JMX has no platform MBeanServer\n"
                        + replicas.describe());

        VirtualMachine vm = VirtualMachine.attach(String.valueOf(leader.process().pid()));
        String address;
        try {
            address = vm.startLocalManagementAgent();
        } finally {
            vm.detach();
        }
        ObjectName name = new ObjectName("io.leadergate:type=Leadership,name=" + LEASE);
        try (JMXConnector jmx = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
            MBeanServerConnection mbeans = jmx.getMBeanServerConnection();
            Await.until(
                    "the Leadership MBean on the new platform MBeanServer",
                    PATIENCE,
                    () -> isRegistered(mbeans, name),
                    replicas::describe);
            assertTrue(Files.readString(classes).contains(JMX_SERVER), "the server exists");
            assertEquals(Boolean.TRUE, mbeans.getAttribute(name, "Leader"));
            assertEquals("replica-1", mbeans.getAttribute(name, "HolderIdentity"));
            String answer = (String) mbeans.invoke(name, "stepDown", new Object[0], new String[0]);
            assertTrue(answer.startsWith("stepped down"), answer);
            assertEquals(Boolean.FALSE, mbeans.getAttribute(name, "Leader"));
        }
        assertFalse(
                leader.process().stderr().contains("cannot register the Leadership MBean"),
                replicas.describe());
    }

    private static boolean isRegistered(MBeanServerConnection mbeans, ObjectName name) {
        try {
            return mbeans.isRegistered(name);
        } catch (java.io.IOException e) {
            throw new AssertionError("the JMX connection failed", e);
        }
    }
}
