package io.leadergate.it.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * A Spring Boot app whose singleton work is a plain {@code @Scheduled} method ({@link
 * SingletonWork#runOnce()}). No Leadergate dependency: with {@code
 * LEADERGATE_GATE_SPRING_SCHEDULED=true} the agent gates it on every replica but the Lease holder.
 * Run as {@code java -javaagent:leadergate-agent.jar -jar spring-app.jar}.
 *
 * <p>Environment: {@code IT_REPLICA_ID} names this replica in its output; {@code IT_RUN_LOG}, if
 * set, is the file every executed run is appended to. Prints a status line every second: {@code
 * replica-1: scheduler called runOnce 20 times, body ran 20 times}.
 */
@SpringBootApplication
@EnableScheduling
public class SpringApp {

    public static void main(String[] args) throws InterruptedException {
        ConfigurableApplicationContext context = SpringApplication.run(SpringApp.class, args);
        String replicaId = ReplicaId.current();
        SingletonWork work = context.getBean(SingletonWork.class);
        CallCounter calls = context.getBean(CallCounter.class);
        System.out.println(
                replicaId
                        + ": started (pid "
                        + ProcessHandle.current().pid()
                        + "), "
                        + SingletonWork.class.getName()
                        + " from "
                        + SingletonWork.class.getClassLoader()
                        + ", bean class "
                        + work.getClass().getName());
        // A plain loop, not @Scheduled: the agent gates every @Scheduled method, status included.
        while (true) {
            Thread.sleep(1000);
            System.out.println(
                    replicaId
                            + ": scheduler called runOnce "
                            + calls.count()
                            + " times, body ran "
                            + work.bodies()
                            + " times");
            System.out.flush();
        }
    }
}
