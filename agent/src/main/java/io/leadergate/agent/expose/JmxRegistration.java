package io.leadergate.agent.expose;

import io.leadergate.agent.election.ElectionEvents;
import io.leadergate.agent.log.AgentLog;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.StandardMBean;

/**
 * Puts every group's {@link LeadershipMBean} on the platform MBeanServer once the JVM has one, and
 * never creates it: creating it registers every platform MXBean (about 300 classes, 3 MB of heap
 * and 60-120 ms) in a JVM where often nothing reads JMX. Whoever wants JMX creates the server
 * anyway: the JVM's management agent ({@code -Dcom.sun.management.jmxremote*}, {@code jcmd <pid>
 * ManagementAgent.start_local}, a jconsole or VisualVM attach), Spring Boot, another agent, the
 * application's own {@code ManagementFactory.getPlatformMBeanServer()}.
 *
 * <p>Timing: a bean is registered when its elector exists if the server does; else at the end of
 * the first elector turn (any group's: this listener is in every elector's events) after the server
 * appears. A leader and a polling contender turn every retry period, a watching contender at every
 * change the watch shows (the holder's renewals), so the bound is one retry period while any group
 * leads and one lease duration otherwise. A bean the application unregistered comes back the same
 * way. Each turn costs one {@link MBeanServerFactory#findMBeanServer} (a copy of an empty list; it
 * loads that one class) until the server exists, then one {@code isRegistered} per bean.
 *
 * <p>The platform server is the one {@code findMBeanServer} lists with the platform's runtime
 * MXBean registered ({@link ManagementFactory#RUNTIME_MXBEAN_NAME}): a server the application made
 * for itself is not it, and while {@link ManagementFactory} is still filling the new platform
 * server the next turn registers. Once seen, {@link ManagementFactory#getPlatformMBeanServer()}
 * only returns it, even after {@link MBeanServerFactory#releaseMBeanServer} dropped it from the
 * list.
 *
 * <p>A registration that fails (the name taken, a security manager) is logged once and not tried
 * again. No method throws.
 */
final class JmxRegistration implements ElectionEvents {

    static final String DOMAIN = "io.leadergate";

    /** One group's bean; its name is built once the server exists (ObjectName loads JMX). */
    private static final class Entry {
        final LeadershipMBean bean;
        final String leaseName;
        ObjectName name;
        boolean failed;

        Entry(LeadershipMBean bean, String leaseName) {
            this.bean = bean;
            this.leaseName = leaseName;
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    /** The platform server exists: from here on ask {@link ManagementFactory} for it. */
    private boolean platformExists;

    /** {@code io.leadergate:type=Leadership,name=<lease>}, quoted when the name needs it. */
    static ObjectName objectName(String leaseName)
            throws javax.management.MalformedObjectNameException {
        return new ObjectName(DOMAIN + ":type=Leadership,name=" + quoteIfNeeded(leaseName));
    }

    /** Registers {@code bean} now if the platform server exists, else once it does. */
    synchronized void register(LeadershipMBean bean, String leaseName) {
        entries.add(new Entry(bean, leaseName));
        registerWhenPossible();
    }

    /** An elector's turn ended: register what the platform server lacks. */
    @Override
    public void onTurnEnded() {
        registerWhenPossible();
    }

    /** Whether the beans are on the platform server (tests). */
    synchronized boolean platformSeen() {
        return platformExists;
    }

    private synchronized void registerWhenPossible() {
        if (entries.isEmpty()) {
            return;
        }
        MBeanServer server;
        try {
            if (!platformExists && !platformListed()) {
                return;
            }
            platformExists = true;
            server = ManagementFactory.getPlatformMBeanServer();
        } catch (Exception | LinkageError e) {
            AgentLog.once(
                    "expose.jmx",
                    AgentLog.Level.WARN,
                    "cannot look for the platform MBeanServer ("
                            + e
                            + "); JMX shows no leadership, everything else goes on");
            for (Entry entry : entries) {
                entry.failed = true;
            }
            return;
        }
        for (Entry entry : entries) {
            if (!entry.failed) {
                registerIfMissing(server, entry);
            }
        }
    }

    private static boolean platformListed() throws Exception {
        List<MBeanServer> servers = MBeanServerFactory.findMBeanServer(null);
        if (servers.isEmpty()) {
            return false;
        }
        ObjectName runtime = new ObjectName(ManagementFactory.RUNTIME_MXBEAN_NAME);
        for (MBeanServer server : servers) {
            if (server.isRegistered(runtime)) {
                return true;
            }
        }
        return false;
    }

    private static void registerIfMissing(MBeanServer server, Entry entry) {
        try {
            if (entry.name == null) {
                entry.name = objectName(entry.leaseName);
            }
            if (!server.isRegistered(entry.name)) {
                server.registerMBean(
                        new StandardMBean(entry.bean, LeadershipMBean.class), entry.name);
                AgentLog.debug("registered MBean " + entry.name);
            }
        } catch (Exception | LinkageError e) {
            entry.failed = true;
            AgentLog.once(
                    "expose.jmx." + entry.leaseName,
                    AgentLog.Level.WARN,
                    "cannot register the Leadership MBean for lease "
                            + entry.leaseName
                            + " ("
                            + e
                            + "); JMX shows no leadership for it, everything else goes on");
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
