package io.leadergate.agent.expose;

import io.leadergate.agent.log.AgentLog;
import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;

/**
 * Puts a {@link LeadershipMBean} on the platform MBeanServer. Called from the agent's start thread,
 * never from premain: creating the platform MBeanServer early slows the application's start and can
 * pre-empt an MBeanServer the application configures itself. Failures are logged once.
 */
final class JmxRegistration {

    static final String DOMAIN = "io.leadergate";

    private JmxRegistration() {}

    /** {@code io.leadergate:type=Leadership,name=<lease>}, quoted when the name needs it. */
    static ObjectName objectName(String leaseName)
            throws javax.management.MalformedObjectNameException {
        return new ObjectName(DOMAIN + ":type=Leadership,name=" + quoteIfNeeded(leaseName));
    }

    static void register(LeadershipMBean bean, String leaseName) {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = objectName(leaseName);
            server.registerMBean(new StandardMBean(bean, LeadershipMBean.class), name);
            AgentLog.debug("registered MBean " + name);
        } catch (Exception | LinkageError e) {
            AgentLog.once(
                    "expose.jmx",
                    AgentLog.Level.WARN,
                    "cannot register the Leadership MBean for lease "
                            + leaseName
                            + " ("
                            + e
                            + "); JMX shows no leadership, everything else goes on");
        }
    }

    private static String quoteIfNeeded(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (",=:\"*?\n\\".indexOf(value.charAt(i)) >= 0) {
                return ObjectName.quote(value);
            }
        }
        return value;
    }
}
