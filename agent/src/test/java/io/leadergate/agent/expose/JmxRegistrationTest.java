package io.leadergate.agent.expose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Proxy;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link JmxRegistration} in a JVM whose platform MBeanServer exists (this test JVM's: created
 * here). That the agent never creates it is a multi-JVM test (it-apps LazyJmxTest): only a fresh
 * JVM has none, and a released platform server cannot be put back into this one.
 */
class JmxRegistrationTest {

    private final MBeanServer platform = ManagementFactory.getPlatformMBeanServer();

    @AfterEach
    void unregister() throws Exception {
        for (String lease : new String[] {"jmx-reg-a", "jmx-reg-b", "jmx-reg-taken"}) {
            ObjectName name = JmxRegistration.objectName(lease);
            if (platform.isRegistered(name)) {
                platform.unregisterMBean(name);
            }
        }
    }

    @Test
    void everyGroupIsRegisteredAtOnceAndAnUnregisteredOneAtTheNextTurn() throws Exception {
        JmxRegistration jmx = new JmxRegistration();
        jmx.register(bean("jmx-reg-a"), "jmx-reg-a");
        jmx.register(bean("jmx-reg-b"), "jmx-reg-b");
        ObjectName a = JmxRegistration.objectName("jmx-reg-a");
        ObjectName b = JmxRegistration.objectName("jmx-reg-b");
        assertTrue(platform.isRegistered(a));
        assertEquals("jmx-reg-b", platform.getAttribute(b, "LeaseName"));

        platform.unregisterMBean(b);
        jmx.onTurnEnded();
        assertTrue(platform.isRegistered(b), "back on the next turn");
    }

    @Test
    void aServerTheApplicationMadeForItselfGetsNoBean() throws Exception {
        MBeanServer own = MBeanServerFactory.createMBeanServer();
        try {
            JmxRegistration jmx = new JmxRegistration();
            jmx.register(bean("jmx-reg-a"), "jmx-reg-a");
            assertTrue(jmx.platformSeen());
            assertTrue(platform.isRegistered(JmxRegistration.objectName("jmx-reg-a")));
            assertFalse(own.isRegistered(JmxRegistration.objectName("jmx-reg-a")));
        } finally {
            MBeanServerFactory.releaseMBeanServer(own);
        }
    }

    @Test
    void aNameAnotherBeanHoldsIsLeftAloneUntilItIsFree() throws Exception {
        ObjectName taken = JmxRegistration.objectName("jmx-reg-taken");
        platform.registerMBean(
                new javax.management.StandardMBean(bean("someone-else"), LeadershipMBean.class),
                taken);
        JmxRegistration jmx = new JmxRegistration();
        jmx.register(bean("jmx-reg-taken"), "jmx-reg-taken");
        assertEquals("someone-else", platform.getAttribute(taken, "LeaseName"));
        platform.unregisterMBean(taken);
        jmx.onTurnEnded();
        assertEquals("jmx-reg-taken", platform.getAttribute(taken, "LeaseName"));
    }

    /** A bean that answers its lease name and nothing else. */
    private static LeadershipMBean bean(String lease) {
        return (LeadershipMBean)
                Proxy.newProxyInstance(
                        LeadershipMBean.class.getClassLoader(),
                        new Class<?>[] {LeadershipMBean.class},
                        (proxy, method, args) -> {
                            switch (method.getName()) {
                                case "getLeaseName":
                                    return lease;
                                case "isLeader":
                                    return false;
                                case "getLeaseTransitions":
                                    return 0;
                                case "getLeaderSinceEpochMillis":
                                case "getLastRenewEpochMillis":
                                case "getGatedExecuted":
                                case "getGatedSkipped":
                                    return 0L;
                                default:
                                    return "";
                            }
                        });
    }
}
