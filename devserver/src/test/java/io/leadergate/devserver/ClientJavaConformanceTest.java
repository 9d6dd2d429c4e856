package io.leadergate.devserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.reflect.TypeToken;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import io.kubernetes.client.openapi.models.V1Lease;
import io.kubernetes.client.openapi.models.V1LeaseSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import io.kubernetes.client.util.Watch;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's own client (client-java 27) against the dev server, configured only from the
 * kubeconfig the server wrote: plain HTTP with a token, TLS with a token, TLS with a client
 * certificate, and a watch through {@link Watch#createWatch}.
 */
class ClientJavaConformanceTest {
    @TempDir Path dir;

    @Test
    void plainHttpWithToken() throws Exception {
        try (DevApiServer server =
                DevApiServer.builder().client("replica-1", "t1").build().start()) {
            CoordinationV1Api api = new CoordinationV1Api(clientFor(server, "replica-1"));
            createReadReplace(api, "plain");
            assertEquals(
                    4,
                    server.requestCounts()
                            .total("replica-1")); // create, read, replace, stale replace
        }
    }

    @Test
    void tlsWithToken() throws Exception {
        try (DevApiServer server =
                DevApiServer.builder().tls(true).client("replica-1", "t1").build().start()) {
            assertTrue(server.url().startsWith("https://127.0.0.1:"));
            createReadReplace(new CoordinationV1Api(clientFor(server, "replica-1")), "tls-token");
            assertEquals(
                    4,
                    server.requestCounts()
                            .total("replica-1")); // create, read, replace, stale replace
        }
    }

    @Test
    void tlsWithClientCertificate() throws Exception {
        try (DevApiServer server =
                DevApiServer.builder()
                        .clientCertAuth(true)
                        .client("replica-2", null)
                        .build()
                        .start()) {
            String kubeconfig = server.kubeconfig("replica-2", "default");
            assertTrue(kubeconfig.contains("client-certificate-data: "), kubeconfig);
            assertTrue(!kubeconfig.contains("token:"), kubeconfig);
            createReadReplace(new CoordinationV1Api(clientFor(server, "replica-2")), "tls-cert");
            // identity came from the certificate: counted for replica-2, nothing anonymous
            assertEquals(
                    4,
                    server.requestCounts()
                            .total("replica-2")); // create, read, replace, stale replace
            assertEquals(0, server.requestCounts().total("anonymous"));
        }
    }

    @Test
    void anonymousKubeconfigReadsTheTokenFile() throws Exception {
        Path tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, "file-token");
        try (DevApiServer server = DevApiServer.builder().tokenFile(tokenFile).build().start()) {
            String kubeconfig = server.kubeconfig(null, "default");
            assertTrue(kubeconfig.contains("tokenFile: "), kubeconfig);
            CoordinationV1Api api = new CoordinationV1Api(clientFor(server, null));
            assertEquals(0, api.listNamespacedLease("default").execute().getItems().size());
        }
    }

    @Test
    void watchThroughCreateWatchSeesAddedAndModified() throws Exception {
        try (DevApiServer server =
                DevApiServer.builder().client("replica-1", "t1").build().start()) {
            ApiClient client = clientFor(server, "replica-1");
            client.setHttpClient(
                    client.getHttpClient().newBuilder().readTimeout(10, TimeUnit.SECONDS).build());
            CoordinationV1Api api = new CoordinationV1Api(client);
            V1Lease created = api.createNamespacedLease("default", lease("watched", "a")).execute();

            try (Watch<V1Lease> watch =
                    Watch.createWatch(
                            client,
                            api.listNamespacedLease("default").watch(true).buildCall(null),
                            new TypeToken<Watch.Response<V1Lease>>() {}.getType())) {
                Iterator<Watch.Response<V1Lease>> events = watch.iterator();
                Watch.Response<V1Lease> added = events.next();
                assertEquals("ADDED", added.type);
                assertEquals(
                        created.getMetadata().getResourceVersion(),
                        added.object.getMetadata().getResourceVersion());

                created.getSpec().setHolderIdentity("b");
                V1Lease replaced =
                        api.replaceNamespacedLease("watched", "default", created).execute();

                Watch.Response<V1Lease> modified = events.next();
                assertEquals("MODIFIED", modified.type);
                assertEquals("b", modified.object.getSpec().getHolderIdentity());
                assertEquals(
                        replaced.getMetadata().getResourceVersion(),
                        modified.object.getMetadata().getResourceVersion());
            }
        }
    }

    private void createReadReplace(CoordinationV1Api api, String name) throws ApiException {
        V1Lease created = api.createNamespacedLease("default", lease(name, "a")).execute();
        assertNotNull(created.getMetadata().getUid());

        V1Lease read = api.readNamespacedLease(name, "default").execute();
        assertEquals(
                created.getMetadata().getResourceVersion(),
                read.getMetadata().getResourceVersion());
        // client-java's MicroTime survives the server's strict six-digit parsing
        assertEquals(created.getSpec().getRenewTime(), read.getSpec().getRenewTime());

        read.getSpec().setHolderIdentity("b");
        V1Lease replaced = api.replaceNamespacedLease(name, "default", read).execute();
        assertEquals("b", replaced.getSpec().getHolderIdentity());

        // a second replace with the now stale version is a 409, as the elector expects
        ApiException conflict =
                assertThrows(
                        ApiException.class,
                        () -> api.replaceNamespacedLease(name, "default", read).execute());
        assertEquals(409, conflict.getCode());
    }

    private ApiClient clientFor(DevApiServer server, String clientName) throws Exception {
        Path file =
                dir.resolve(
                        (clientName == null ? "anonymous" : clientName)
                                + "-"
                                + server.port()
                                + ".kubeconfig");
        server.writeKubeconfig(file, clientName, "default");
        try (Reader reader = Files.newBufferedReader(file)) {
            KubeConfig config = KubeConfig.loadKubeConfig(reader);
            config.setFile(file.toFile());
            return ClientBuilder.kubeconfig(config).build();
        }
    }

    private static V1Lease lease(String name, String holder) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return new V1Lease()
                .metadata(new V1ObjectMeta().name(name))
                .spec(
                        new V1LeaseSpec()
                                .holderIdentity(holder)
                                .leaseDurationSeconds(15)
                                .acquireTime(now)
                                .renewTime(now)
                                .leaseTransitions(0));
    }
}
