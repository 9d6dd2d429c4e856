package io.leadergate.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadergate.NotLeaderException;
import io.leadergate.agent.instrument.fixtures.TypeGated;
import io.leadergate.bootstrap.Gate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Type-level {@code @LeaderOnly}: exactly the declared, non-private, non-static, non-synthetic
 * methods.
 */
@ExtendWith(TestAgent.Installed.class)
class LeaderOnlyTypeTest {

    private static final String TYPE = TypeGated.class.getName() + "#";

    @Test
    void gatesExactlyTheDeclaredNonPrivateInstanceMethods() {
        new TypeGated().publicJob(); // make sure the class is loaded and woven

        List<String> gated =
                TestAgent.GATED.methods().stream()
                        .filter(method -> method.startsWith(TYPE))
                        .collect(Collectors.toList());

        assertEquals(
                List.of(
                        TYPE + "compareTo(" + TypeGated.class.getName() + ")",
                        TYPE + "packageJob()",
                        TYPE + "protectedJob()",
                        TYPE + "publicJob()",
                        TYPE + "strictJob()"),
                gated);
    }

    @Test
    void followerSkipsGatedMethodsAndRunsTheRest() {
        Gate.revoke();
        int constructedBefore = TypeGated.constructed;

        TypeGated gated = new TypeGated();
        gated.publicJob();
        int fromProtected = TypeGated.protectedJobOf(gated);
        TypeGated.packageJobOf(gated);
        @SuppressWarnings({"unchecked", "rawtypes"})
        int viaBridge = ((Comparable) gated).compareTo(gated);

        assertEquals(constructedBefore + 1, TypeGated.constructed, "constructors are never gated");
        assertEquals(0, fromProtected);
        assertEquals(0, viaBridge);
        assertEquals(0, gated.bodies);
        assertEquals(9, TypeGated.callPrivate(gated), "private methods and lambdas are not gated");
        assertEquals(11, TypeGated.staticJob(), "static methods are not gated at type level");
        assertEquals("TypeGated", gated.toString());
        assertTrue(gated.equals(new TypeGated()));
        assertEquals(17, gated.hashCode());
    }

    @Test
    void bridgeCallIsCountedOnceAgainstTheRealMethod() {
        Gate.revoke();
        int id = Gate.register(TYPE + "compareTo(" + TypeGated.class.getName() + ")");
        long before = Gate.skipped(id);
        TypeGated gated = new TypeGated();

        @SuppressWarnings({"unchecked", "rawtypes"})
        int viaBridge = ((Comparable) gated).compareTo(gated);

        assertEquals(0, viaBridge);
        assertEquals(before + 1, Gate.skipped(id));
    }

    @Test
    void staticMainOfAnnotatedTypeRuns() {
        Gate.revoke();
        int before = TypeGated.constructed;

        TypeGated.main(new String[0]);

        assertEquals(before + 100, TypeGated.constructed);
    }

    @Test
    void methodAnnotationDecidesTheModeOverTheType() {
        Gate.revoke();

        assertThrows(NotLeaderException.class, () -> new TypeGated().strictJob());
    }

    @Test
    void leaderRunsEverything() {
        Gate.grantUntil(System.nanoTime() + TimeUnit.MINUTES.toNanos(1));
        TypeGated gated = new TypeGated();

        gated.publicJob();
        TypeGated.packageJobOf(gated);
        gated.strictJob();

        assertEquals(5, TypeGated.protectedJobOf(gated));
        assertEquals(1, gated.compareTo(gated));
        assertEquals(5, gated.bodies);
    }
}
