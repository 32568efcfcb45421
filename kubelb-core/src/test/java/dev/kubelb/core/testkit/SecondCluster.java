package dev.kubelb.core.testkit;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.Optional;

/**
 * A second cluster beside the one {@link RealApi} or {@link MockApi} gives a test class, of the same kind:
 * for hub-and-spoke tests (a tenant cluster and the management cluster). On a real server it is another
 * {@link RealApiServer} (etcd and kube-apiserver of its own, every CRD installed; logs in
 * {@code target/real-api/<name>/}); on the mock it is another CRUD mock server. Start it in
 * {@code @BeforeAll} after the class's own cluster is up, close it in {@code @AfterAll}.
 */
public final class SecondCluster implements AutoCloseable {
    private final KubernetesClient admin;
    private final RealApiServer real;
    private final KubernetesMockServer mock;

    private SecondCluster(KubernetesClient admin, RealApiServer real, KubernetesMockServer mock) {
        this.admin = admin;
        this.real = real;
        this.mock = mock;
    }

    /**
     * @param name a name for the real server's log folder (e.g. the test class and {@code -tenant})
     * @return a cluster of the kind the class's own is ({@link Clusters#onRealServer()} or not)
     */
    public static SecondCluster likeTheFirst(String name) {
        if (Clusters.serverEnforcesImmutability()) {
            RealApiServer s = RealApiServer.start(EnvtestAssets.locate().orElseThrow(() -> new IllegalStateException(
                    "no real control plane for the second cluster: " + EnvtestAssets.whyUnavailable())), name);
            return new SecondCluster(s.admin(), s, null);
        }
        KubernetesMockServer m = MockApiExtension.newServer();
        return new SecondCluster(MockApiExtension.clientOf(m), null, m);
    }

    /** @return the admin client */
    public KubernetesClient admin() {
        return admin;
    }

    /** @return the real server, when this is one */
    public Optional<RealApiServer> real() {
        return Optional.ofNullable(real);
    }

    @Override
    public void close() {
        if (real != null) {
            real.close();
        } else {
            admin.close();
            mock.destroy();
        }
    }
}
