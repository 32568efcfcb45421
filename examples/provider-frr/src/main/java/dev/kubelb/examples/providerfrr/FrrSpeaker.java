package dev.kubelb.examples.providerfrr;

import dev.kubelb.api.Allocation;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.BgpPeer;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.api.RouteAnnouncement;
import dev.kubelb.api.SecretRef;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The appliance half, in-process: watches the Services the engine renders for this provider (label
 * {@link FrrSession#SPEAKER_LABEL}), and after each change (coalesced for {@link FrrOptions#debounce()}) renders
 * bgpd's configuration from the engine's configuration and every such Service's pinned addresses, reloads bgpd when
 * the text changed, and then writes the Services' {@code status.loadBalancer.ingress}: the addresses once bgpd
 * announces them, nothing once it does not. A Service deleted is withdrawn on the next reload. Passwords are read
 * from their Secrets at each render and appear in no log line.
 */
final class FrrSpeaker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FrrSpeaker.class);
    private static final long RESYNC_MS = 30_000;

    private final KubernetesClient client;
    private final FrrOptions options;
    private final FrrReloader reloader;
    private final ScheduledExecutorService worker;
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile ApplianceConfig config;
    private SharedIndexInformer<Service> informer;

    FrrSpeaker(KubernetesClient client, FrrOptions options) {
        this.client = client;
        this.options = options;
        this.reloader = new FrrReloader(options);
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "frr-speaker");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts watching; the first render waits for a configuration. */
    synchronized void start() {
        informer = client.services().inAnyNamespace().withLabel(FrrSession.SPEAKER_LABEL)
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Service s) {
                        trigger();
                    }

                    @Override
                    public void onUpdate(Service before, Service after) {
                        if (!FrrSession.pinned(before).equals(FrrSession.pinned(after))
                                || after.getMetadata().getDeletionTimestamp() != null) {
                            trigger();
                        }
                    }

                    @Override
                    public void onDelete(Service s, boolean unknownFinalState) {
                        trigger();
                    }
                }, RESYNC_MS);
        worker.scheduleWithFixedDelay(this::trigger, RESYNC_MS, RESYNC_MS, TimeUnit.MILLISECONDS);
        LOG.info("FRR speaker started: bgpd at {}, configuration file {}", options.vtySocket().orElseThrow(),
                options.configFile());
    }

    /** @param next the engine's configuration; a change is rendered and applied */
    void configure(ApplianceConfig next) {
        if (!next.equals(config)) {
            config = next;
            trigger();
        }
    }

    private void trigger() {
        if (pending.compareAndSet(false, true)) {
            worker.schedule(() -> {
                pending.set(false);
                sync();
            }, options.debounce().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void sync() {
        ApplianceConfig cfg = config;
        SharedIndexInformer<Service> inf = informer;
        if (cfg == null || inf == null || !inf.hasSynced()) {
            worker.schedule(this::trigger, 100, TimeUnit.MILLISECONDS);
            return;
        }
        try {
            List<Service> services = inf.getStore().list().stream()
                    .filter(s -> s.getMetadata().getDeletionTimestamp() == null).toList();
            List<Allocation> allocations = new ArrayList<>();
            for (Service s : services) {
                if (!FrrSession.withheld(s)) {
                    FrrSession.allocation(s).ifPresent(allocations::add);
                }
            }
            List<RouteAnnouncement> routes = FrrAdvertiser.routes(cfg, allocations);
            Map<String, String> passwords = passwords(cfg);
            String text = FrrConf.render(cfg, routes, allocations.stream().flatMap(a -> a.addresses().stream())
                    .toList(), passwords, options.logFile());
            if (reloader.apply(text, passwords.values())) {
                LOG.info("bgpd announces {} route(s) for {} Service(s)", routes.size(), allocations.size());
            }
            for (Service s : services) {
                report(s, routes);
            }
        } catch (FrrReloader.ReloadException | MissingSecretException | KubernetesClientException e) {
            LOG.warn("FRR speaker: {}; retrying in 2 s", e.getMessage());
            worker.schedule(this::trigger, 2, TimeUnit.SECONDS);
        } catch (RuntimeException e) {
            LOG.error("FRR speaker: unexpected failure, retrying in 2 s", e);
            worker.schedule(this::trigger, 2, TimeUnit.SECONDS);
        }
    }

    /** Writes the Service's ingress: its addresses when every one of them is announced, else none. */
    private void report(Service s, List<RouteAnnouncement> routes) {
        Optional<Allocation> a = FrrSession.allocation(s);
        List<String> want = a.isPresent() && a.get().addresses().stream()
                .allMatch(ip -> routes.stream().anyMatch(r -> r.prefix().contains(ip)))
                ? a.get().addresses().stream().map(IpAddress::toString).toList() : List.of();
        List<String> have = s.getStatus() == null || s.getStatus().getLoadBalancer() == null
                || s.getStatus().getLoadBalancer().getIngress() == null ? List.of()
                : s.getStatus().getLoadBalancer().getIngress().stream().map(i -> i.getIp()).toList();
        if (want.equals(have)) {
            return;
        }
        client.services().inNamespace(s.getMetadata().getNamespace()).withName(s.getMetadata().getName())
                .editStatus(cur -> new ServiceBuilder(cur).editOrNewStatus().withNewLoadBalancer()
                        .withIngress(want.stream().map(ip -> new LoadBalancerIngressBuilder().withIp(ip)
                                .withIpMode("VIP").build()).toList())
                        .endLoadBalancer().endStatus().build());
        LOG.debug("{}/{}: ingress {}", s.getMetadata().getNamespace(), s.getMetadata().getName(), want);
    }

    /** Each peer's password, read from its Secret now. */
    private Map<String, String> passwords(ApplianceConfig cfg) {
        Map<String, String> out = new TreeMap<>();
        for (BgpPeer p : cfg.peers()) {
            if (p.passwordSecret().isEmpty()) {
                continue;
            }
            SecretRef ref = p.passwordSecret().get();
            String where = "peer/" + p.name() + " passwordSecret: Secret " + ref.namespace() + "/" + ref.name()
                    + " key '" + ref.key() + "'";
            Secret secret = client.secrets().inNamespace(ref.namespace()).withName(ref.name()).get();
            String value = null;
            if (secret != null && secret.getData() != null && secret.getData().get(ref.key()) != null) {
                value = new String(Base64.getDecoder().decode(secret.getData().get(ref.key())), StandardCharsets.UTF_8);
            } else if (secret != null && secret.getStringData() != null) {
                value = secret.getStringData().get(ref.key());
            }
            if (value == null) {
                throw new MissingSecretException(where + " not found");
            }
            value = value.strip();
            if (value.isEmpty() || value.length() > 80 || value.chars().anyMatch(c -> c <= ' ' || c > '~')) {
                // the message names the Secret and the rule, never the value
                throw new MissingSecretException(where + ": a TCP MD5 password is 1 to 80 printable ASCII "
                        + "characters without spaces");
            }
            out.put(p.name(), value);
        }
        return out;
    }

    @Override
    public synchronized void close() {
        if (informer != null) {
            informer.close();
            informer = null;
        }
        worker.shutdownNow();
    }

    /** A password's Secret is missing or unusable: nothing is applied until it is fixed. */
    static final class MissingSecretException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MissingSecretException(String message) {
            super(message);
        }
    }
}
