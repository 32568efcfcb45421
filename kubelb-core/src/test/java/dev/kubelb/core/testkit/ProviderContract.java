package dev.kubelb.core.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.kubelb.api.Allocation;
import dev.kubelb.api.AddressPool;
import dev.kubelb.api.AddressRange;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.Backend;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.api.PortSpec;
import dev.kubelb.api.Protocol;
import dev.kubelb.api.ValidationReport;
import dev.kubelb.spi.ApplianceStatus;
import dev.kubelb.spi.Assignment;
import dev.kubelb.spi.LoadBalancerProvider;
import dev.kubelb.spi.ProviderContext;
import dev.kubelb.spi.ProviderSession;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The checks every appliance provider must pass. Subclass it in the provider's test sources (name the
 * subclass {@code *ContractTest}) and supply the provider and a valid sample of the appliance's own
 * configuration objects.
 */
public abstract class ProviderContract {

    /** Serialises objects to compare rendered output byte for byte. */
    protected static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    /** The session under test, opened offline before each check. */
    protected ProviderSession session;

    /**
     * @return a new instance of the provider under test
     */
    protected abstract LoadBalancerProvider provider();

    /**
     * @return a valid appliance configuration in the appliance's own resources (may be empty for an
     *     appliance that needs none, e.g. a cloud CCM)
     */
    protected abstract List<HasMetadata> sampleConfiguration();

    /**
     * @return the context the session is opened with; offline by default
     */
    protected ProviderContext context() {
        return ProviderContext.offline("kubelb-system");
    }

    /**
     * @return a request to render; one TCP port and one UDP port with tenant node back ends
     */
    protected LoadBalancerRequest sampleRequest() {
        return LoadBalancerRequest.builder("tenant-a", "web")
                .port(PortSpec.of("http", Protocol.TCP, 80))
                .port(PortSpec.of("dns", Protocol.UDP, 53))
                .backend(new Backend("nodes", List.of("192.0.2.10", "192.0.2.11"),
                        List.of(PortSpec.of("http", Protocol.TCP, 30080), PortSpec.of("dns", Protocol.UDP, 30053))))
                .build();
    }

    /**
     * @param config the imported sample configuration
     * @return an allocation for {@link #sampleRequest()}: the first address the first pool offers, or
     *     empty when the configuration has no pool (delegated allocation)
     */
    protected Optional<Allocation> sampleAllocation(ApplianceConfig config) {
        for (AddressPool pool : config.pools()) {
            for (AddressRange r : pool.ranges()) {
                IpAddress a = r.first();
                while (a != null && r.contains(a)) {
                    if (pool.offers(a)) {
                        return Optional.of(new Allocation(sampleRequest().id(), pool.name(), List.of(a),
                                Optional.empty()));
                    }
                    a = a.nextOrNull();
                }
            }
        }
        return Optional.empty();
    }

    @BeforeEach
    void openSession() {
        session = provider().open(context());
    }

    @AfterEach
    void closeSession() {
        session.close();
    }

    @Test
    void nameIsLowercaseAndStable() {
        LoadBalancerProvider p = provider();
        assertThat(p.name()).matches("[a-z0-9][a-z0-9-]*");
        assertThat(provider().name()).isEqualTo(p.name());
        assertThat(session.providerName()).isEqualTo(p.name());
        assertThat(p.capabilities()).isNotNull();
    }

    @Test
    void isFoundByServiceLoader() {
        List<String> found = ServiceLoader.load(LoadBalancerProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.getClass() == provider().getClass())
                .map(LoadBalancerProvider::name)
                .toList();
        assertThat(found).as("META-INF/services/dev.kubelb.spi.LoadBalancerProvider lists the provider once")
                .containsExactly(provider().name());
    }

    @Test
    void sampleConfigurationImportsAndValidates() {
        ApplianceConfig config = session.importConfig(sampleConfiguration());
        ValidationReport report = session.validate(config);
        assertThat(report.errors()).as("the sample configuration is valid").isEmpty();
    }

    @Test
    void renderingIsDeterministicAndRoundTrips() {
        ApplianceConfig config = session.importConfig(sampleConfiguration());
        List<Assignment> assignments = sampleAllocation(config)
                .map(a -> List.of(new Assignment(sampleRequest(), a))).orElse(List.of());
        List<HasMetadata> first = session.renderConfig(config, assignments);
        List<HasMetadata> second = session.renderConfig(config, assignments);
        assertThat(yaml(second)).as("same input renders byte-identical output").isEqualTo(yaml(first));
        assertThat(session.importConfig(first)).as("import(render(config)) == config").isEqualTo(config);
        for (HasMetadata o : first) {
            assertThat(session.recognizes(o)).as("recognizes its own rendered %s", o.getKind()).isTrue();
        }
    }

    @Test
    void doesNotRecognizeUnrelatedObjects() {
        assertThat(session.recognizes(new PodBuilder().withNewMetadata().withName("p").withNamespace("default")
                .endMetadata().build())).isFalse();
    }

    @Test
    void rendersALoadBalancerServiceWithoutSelector() {
        ApplianceConfig config = session.importConfig(sampleConfiguration());
        LoadBalancerRequest request = sampleRequest();
        Optional<Allocation> allocation = provider().capabilities().delegatedAllocation()
                ? Optional.empty() : sampleAllocation(config);
        Service svc = session.renderService(request, allocation, config);
        assertThat(svc.getSpec().getType()).isEqualTo("LoadBalancer");
        assertThat(svc.getSpec().getSelector()).as("backends are wired by an EndpointSlice, not a selector")
                .isNullOrEmpty();
        assertThat(svc.getSpec().getPorts()).extracting(ServicePort::getName, ServicePort::getProtocol,
                ServicePort::getPort)
                .containsExactlyElementsOf(request.ports().stream()
                        .map(p -> org.assertj.core.groups.Tuple.tuple(p.name(), p.protocol().name(), p.port()))
                        .toList());
        assertThat(SERIALIZATION.asYaml(session.renderService(request, allocation, config)))
                .as("rendering a Service is deterministic").isEqualTo(SERIALIZATION.asYaml(svc));
        if (allocation.isPresent()) {
            String yaml = SERIALIZATION.asYaml(svc);
            for (IpAddress a : allocation.get().addresses()) {
                assertThat(yaml).as("the allocated address is pinned in the rendered Service").contains(a.toString());
            }
        }
    }

    @Test
    void observesPendingAndReady() {
        Service pending = new ServiceBuilder().withNewMetadata().withName("web").withNamespace("tenant-a")
                .endMetadata().withNewSpec().withType("LoadBalancer").endSpec().build();
        assertThat(session.observe(pending).state()).isEqualTo(ApplianceStatus.State.PENDING);
        Service ready = new ServiceBuilder(pending).withNewStatus().withNewLoadBalancer()
                .withIngress(new LoadBalancerIngressBuilder().withIp("198.51.100.7").build())
                .endLoadBalancer().endStatus().build();
        ApplianceStatus status = session.observe(ready);
        assertThat(status.state()).isEqualTo(ApplianceStatus.State.READY);
        assertThat(status.ingress()).extracting(i -> i.ip().orElse("")).containsExactly("198.51.100.7");
    }

    @Test
    void advertisementPreviewIsDeterministic() {
        ApplianceConfig config = session.importConfig(sampleConfiguration());
        List<Assignment> assignments = sampleAllocation(config)
                .map(a -> List.of(new Assignment(sampleRequest(), a))).orElse(List.of());
        assertThat(session.advertiser().advertisements(config, assignments))
                .isEqualTo(session.advertiser().advertisements(config, assignments));
        assertThat(session.vet(config, assignments)).as("the appliance accepts the sample allocation").isEmpty();
    }

    @Test
    void closeIsIdempotent() {
        ProviderSession s = provider().open(context());
        assertThatCode(() -> {
            s.close();
            s.close();
        }).doesNotThrowAnyException();
    }

    /**
     * @param objects objects
     * @return their YAML, concatenated
     */
    protected static String yaml(List<HasMetadata> objects) {
        StringBuilder sb = new StringBuilder();
        for (HasMetadata o : objects) {
            sb.append(SERIALIZATION.asYaml(o));
        }
        return sb.toString();
    }
}
