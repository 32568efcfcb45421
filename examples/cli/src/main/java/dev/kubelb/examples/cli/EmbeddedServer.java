package dev.kubelb.examples.cli;

import dev.kubelb.core.SimulatedAppliance;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.concurrent.CountDownLatch;

/**
 * The embedded default as a process of its own ({@code kubelb up} starts it in the background): fabric8's CRUD mock
 * server with API discovery ({@link Discovery}) on loopback, plus the simulated appliance, until SIGTERM
 * ({@code kubelb down}). It writes its kubeconfig and its state ({@link EmbeddedState}) once it answers.
 */
final class EmbeddedServer {
    private EmbeddedServer() {
    }

    /**
     * @param port the port (0: any free one)
     * @return a started mock API server on loopback, answering discovery
     */
    static KubernetesMockServer mockServer(int port) {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new Discovery(), false);
        server.init(InetAddress.getLoopbackAddress(), port);
        return server;
    }

    /**
     * @param args the state directory
     * @throws InterruptedException when interrupted
     */
    public static void main(String[] args) throws InterruptedException {
        KubeLbCli.configureLogging(java.util.List.of());
        EmbeddedState state = new EmbeddedState(Path.of(args[0]));
        KubernetesMockServer server = mockServer(0);
        KubernetesClient client = server.createClient();
        SimulatedAppliance appliance = SimulatedAppliance.start(client);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            appliance.close();
            client.close();
            server.destroy();
            state.clear(ProcessHandle.current().pid());
            stopped.countDown();
        }, "kubelb-embedded-stop"));
        state.write(ProcessHandle.current().pid(), client.getMasterUrl().toString());
        stopped.await();
    }
}
