package io.leadergate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadergate.it.ObservedReplicas.Replica;
import io.leadergate.testsupport.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two JVMs of the leadership app, each with a JMX port: read the Leadership MBean over a real JMX
 * connection, call {@code stepDown()} on the leader, and watch the other replica take over, as the
 * application sees it through {@code io.leadergate.Leadership} (its own class loader, the agent's
 * state on the bootstrap path): leader flag, current leader, a fencing token that grows, verify().
 */
class LeadershipJmxTest {

    private static final Duration FIRST_LEADER = Duration.ofSeconds(90);
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String LEASE = "jmx";

    @RegisterExtension static final LeaseCluster cluster = new LeaseCluster();

    private ObservedReplicas replicas;
    private final Map<String, Integer> jmxPorts = new HashMap<>();

    @Test
    void stepDownOverJmxHandsOverAndTheLeadershipApiFollows() throws Exception {
        replicas = cluster.observedReplicas();
        Path app = Path.of(ItConfig.property("it.leadership-app.jar"));
        Replica r1 = replicas.start("replica-1", app, LEASE, jmxEnv("replica-1"));
        Replica r2 = replicas.start("replica-2", app, LEASE, jmxEnv("replica-2"));

        Replica leader = replicas.awaitSoleLeader(FIRST_LEADER);
        Replica follower = leader == r1 ? r2 : r1;
        long token =
                Long.parseLong(
                        awaitView(
                                        leader,
                                        "leader=true token=(\\d+) current="
                                                + leader.id()
                                                + " verify=true")
                                .group(1));
        awaitView(follower, "leader=false token=-1 current=" + leader.id() + " verify=false");

        ObjectName name = new ObjectName("io.leadergate:type=Leadership,name=" + LEASE);
        try (JMXConnector leaderJmx = connect(leader);
                JMXConnector followerJmx = connect(follower)) {
            MBeanServerConnection mbean = leaderJmx.getMBeanServerConnection();
            assertEquals(Boolean.TRUE, mbean.getAttribute(name, "Leader"));
            assertEquals(leader.id(), mbean.getAttribute(name, "Identity"));
            assertEquals(leader.id(), mbean.getAttribute(name, "HolderIdentity"));
            assertEquals(LEASE, mbean.getAttribute(name, "LeaseName"));
            assertEquals("default", mbean.getAttribute(name, "Namespace"));
            assertEquals(
                    (int) token,
                    mbean.getAttribute(name, "LeaseTransitions"),
                    "the fencing token is the term's leaseTransitions");
            assertTrue((Long) mbean.getAttribute(name, "LeaderSinceEpochMillis") > 0);
            assertTrue((Long) mbean.getAttribute(name, "LastRenewEpochMillis") > 0);
            Await.until(
                    "the leader's gated calls to run",
                    PATIENCE,
                    () -> attribute(mbean, name, "GatedExecuted") > 0,
                    replicas::describe);
            MBeanServerConnection followerBean = followerJmx.getMBeanServerConnection();
            assertEquals(Boolean.FALSE, followerBean.getAttribute(name, "Leader"));
            Await.until(
                    "the follower's gated calls to be skipped",
                    PATIENCE,
                    () -> attribute(followerBean, name, "GatedSkipped") > 0,
                    replicas::describe);

            String answer = (String) mbean.invoke(name, "stepDown", new Object[0], new String[0]);
            assertTrue(answer.startsWith("stepped down"), answer);

            Replica successor = replicas.awaitSoleLeader(PATIENCE);
            assertEquals(
                    follower,
                    successor,
                    "the only other replica takes over while the old leader rests");
            awaitView(
                    successor,
                    "leader=true token="
                            + (token + 1)
                            + " current="
                            + successor.id()
                            + " verify=true");
            awaitView(leader, "leader=false token=-1 current=" + successor.id() + " verify=false");
            assertEquals(Boolean.FALSE, mbean.getAttribute(name, "Leader"));
            assertEquals(successor.id(), mbean.getAttribute(name, "HolderIdentity"));
            assertTrue(
                    leader.process().stderr().contains("stepped down from lease default/" + LEASE),
                    replicas.describe());
        }
        assertTrue(
                replicas.runLog().overlaps().isEmpty(), "overlapping runs\n" + replicas.describe());
    }

    /**
     * JMX on a free loopback port, no auth (test only), through the environment as a pod would set
     * it.
     */
    private Map<String, String> jmxEnv(String id) {
        int port = HealthPort.freePort();
        jmxPorts.put(id, port);
        return Map.of(
                "JAVA_TOOL_OPTIONS",
                "-Dcom.sun.management.jmxremote.port="
                        + port
                        + " -Dcom.sun.management.jmxremote.rmi.port="
                        + port
                        + " -Dcom.sun.management.jmxremote.authenticate=false -Dcom.sun.management.jmxremote.ssl=false"
                        + " -Djava.rmi.server.hostname=127.0.0.1 -Dcom.sun.management.jmxremote.host=127.0.0.1");
    }

    private JMXConnector connect(Replica replica) throws Exception {
        JMXServiceURL url =
                new JMXServiceURL(
                        "service:jmx:rmi:///jndi/rmi://127.0.0.1:"
                                + jmxPorts.get(replica.id())
                                + "/jmxrmi");
        return JMXConnectorFactory.connect(url);
    }

    private static long attribute(
            MBeanServerConnection connection, ObjectName name, String attribute) {
        try {
            return (Long) connection.getAttribute(name, attribute);
        } catch (Exception e) {
            throw new AssertionError("cannot read " + attribute + " of " + name, e);
        }
    }

    /** Waits for the app to print {@code <id>: leadership <view>}. */
    private Matcher awaitView(Replica replica, String view) {
        Pattern line =
                Pattern.compile(
                        "(?m)^" + Pattern.quote(replica.id()) + ": leadership " + view + "$");
        return Await.value(
                replica.id() + " to print 'leadership " + view + "'",
                PATIENCE,
                () -> {
                    Matcher m = line.matcher(replica.process().stdout());
                    return m.find() ? java.util.Optional.of(m) : java.util.Optional.empty();
                },
                replicas::describe);
    }
}
