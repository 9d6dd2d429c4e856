package io.leadergate.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentArgumentsTest {

    private final List<ConfigProblem> problems = new ArrayList<>();

    private List<String> parse(String args) {
        List<String> out = new ArrayList<>();
        for (SuppliedValue value : AgentArguments.parse(args, problems)) {
            out.add(value.keyAsWritten + "=" + value.text);
        }
        return out;
    }

    @Test
    void splitsKeyValuePairsOnCommas() {
        assertEquals(
                List.of("lease.name=x", "lease.namespace=y"),
                parse("lease.name=x,lease.namespace=y"));
        assertTrue(problems.isEmpty());
    }

    @Test
    void tokenWithoutEqualsContinuesThePreviousValue() {
        assertEquals(
                List.of("gate.methods=com.a.Job#run,com.b.Job#run,com.c.*", "enabled=true"),
                parse("gate.methods=com.a.Job#run,com.b.Job#run,com.c.*,enabled=true"));
    }

    @Test
    void equalsInsideAValueWhoseLeftSideIsNoKeyAlsoContinues() {
        assertEquals(List.of("pattern=a,#x=1,x y=2", "b==c"), parse("pattern=a,#x=1,x y=2,b==c"));
    }

    @Test
    void valuesMayContainEquals() {
        assertEquals(List.of("kubeconfig=/tmp/a=b"), parse("kubeconfig=/tmp/a=b"));
    }

    @Test
    void emptyAndNullArgumentsYieldNothing() {
        assertEquals(List.of(), parse(null));
        assertEquals(List.of(), parse(""));
        assertEquals(List.of(), parse("  "));
        assertTrue(problems.isEmpty());
    }

    @Test
    void leadingTokenWithoutKeyIsReportedAndSkipped() {
        assertEquals(List.of("lease.name=x"), parse("oops,lease.name=x"));
        assertEquals(1, problems.size());
        assertTrue(
                problems.get(0)
                        .message()
                        .contains("agent argument \"oops\" ignored: expected key=value"));
    }

    @Test
    void keysWorkWithAndWithoutPrefix() {
        AgentConfig config =
                new ConfigFixture()
                        .args(
                                "leadergate.lease.name=with-prefix,renew.deadline=5s,leadergate.retry.period=1s")
                        .load();
        assertEquals("with-prefix", config.get(ConfigKeys.LEASE_NAME));
        assertEquals(Duration.ofSeconds(5), config.get(ConfigKeys.RENEW_DEADLINE));
        assertEquals(Duration.ofSeconds(1), config.get(ConfigKeys.RETRY_PERIOD));
        assertTrue(config.problems().isEmpty(), () -> config.problems().toString());
    }

    @Test
    void repeatedKeyWarnsAndTheLastWins() {
        AgentConfig config =
                new ConfigFixture().args("lease.name=first,leadergate.lease.name=second").load();
        assertEquals("second", config.get(ConfigKeys.LEASE_NAME));
        assertTrue(
                ConfigFixture.messages(config, io.leadergate.agent.log.AgentLog.Level.WARN)
                        .get(0)
                        .contains("lease.name is given more than once"));
    }

    @Test
    void commaInASingleValuedKeyIsNamedInTheError() {
        AgentConfig config = new ConfigFixture().args("lease.name=a,b").load();
        String error = ConfigFixture.onlyError(config);
        assertTrue(error.startsWith("agent argument lease.name=\"a,b\": contains ','"), error);
    }

    @Test
    void valuesAndKeysAreTrimmed() {
        assertEquals(
                List.of("lease.name=x", "enabled=false"),
                parse(" lease.name = x , enabled=false "));
    }
}
