package io.leadergate.agent.startup;

/** The agent's version, from the jar manifest's {@code Implementation-Version}. */
final class AgentVersion {

    private AgentVersion() {}

    static String current() {
        String version = AgentVersion.class.getPackage().getImplementationVersion();
        return version != null ? version : "dev";
    }
}
