package dev.kubelb.examples.cli;

import dev.kubelb.core.input.InputException;
import dev.kubelb.core.input.InputReader;
import dev.kubelb.provider.cilium.model.CiliumBGPAdvertisement;
import dev.kubelb.provider.cilium.model.CiliumBGPClusterConfig;
import dev.kubelb.provider.cilium.model.CiliumBGPNodeConfigOverride;
import dev.kubelb.provider.cilium.model.CiliumBGPPeerConfig;
import dev.kubelb.provider.cilium.model.CiliumL2AnnouncementPolicy;
import dev.kubelb.provider.cilium.model.CiliumLoadBalancerIPPool;
import dev.kubelb.provider.cilium.model.CiliumLoadBalancerIPPoolV2Alpha1;
import dev.kubelb.provider.metallb.model.MetalLbKinds;
import dev.kubelb.spi.ResourceKind;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads multi-document YAML files into Kubernetes objects through kubelb-core's strict {@link InputReader}, each remembered with its file and document
 * index (1-based) so that every error can name where it comes from.
 */
final class Documents {
    /** The serialization every command shares. */
    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final InputReader READER = reader();

    /**
     * One parsed document.
     *
     * @param file the file name as given ({@code -} for stdin)
     * @param index the document's 1-based index in the file
     * @param object the object (typed when fabric8 knows the kind, else generic)
     */
    record Doc(String file, int index, HasMetadata object) {
        Doc {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(object, "object");
        }

        /** @return {@code apiVersion/Kind} */
        String type() {
            return object.getApiVersion() + "/" + object.getKind();
        }

        /** @return {@code file: document N (apiVersion/Kind name)}, for messages */
        String where() {
            return file + ": document " + index + " (" + type() + " " + Scenario.objectName(object) + ")";
        }
    }

    private Documents() {
    }

    /**
     * @param files the files ({@code -} = stdin)
     * @param stdin standard input
     * @return every document of every file, in order
     * @throws CliException (exit 2) listing every problem of every file
     */
    static List<Doc> read(List<String> files, InputStream stdin) {
        List<Doc> docs = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String f : files) {
            try {
                List<InputReader.Document> read = "-".equals(f) ? READER.read(f, stdin) : READER.read(Path.of(f));
                read.forEach(d -> docs.add(new Doc(f, d.index(), d.object())));
            } catch (InputException e) {
                e.problems().forEach(p -> problems.add(p.toString()));
            }
        }
        if (!problems.isEmpty()) {
            throw CliException.invalid(problems);
        }
        return docs;
    }

    /**
     * @param file the file name, for messages
     * @param text the YAML text
     * @param docs where documents go
     * @param problems where problems go
     */
    static void parse(String file, String text, List<Doc> docs, List<String> problems) {
        try {
            READER.read(file, text).forEach(d -> docs.add(new Doc(file, d.index(), d.object())));
        } catch (InputException e) {
            e.problems().forEach(p -> problems.add(p.toString()));
        }
    }

    /**
     * The one strict reader (kubelb-core's {@code dev.kubelb.core.input}), with the appliances' model classes so that
     * their fields are typed as strictly as a Service's.
     */
    private static InputReader reader() {
        InputReader.Builder b = InputReader.builder();
        for (ResourceKind k : MetalLbKinds.CONFIG_KINDS) {
            MetalLbKinds.typeOf(k.apiVersion(), k.kind()).ifPresent(c -> b.typed(k.apiVersion(), k.kind(), c));
        }
        for (Class<? extends HasMetadata> c : List.of(CiliumLoadBalancerIPPool.class,
                CiliumLoadBalancerIPPoolV2Alpha1.class, CiliumBGPClusterConfig.class, CiliumBGPPeerConfig.class,
                CiliumBGPAdvertisement.class, CiliumL2AnnouncementPolicy.class, CiliumBGPNodeConfigOverride.class)) {
            b.typed(HasMetadata.getApiVersion(c), HasMetadata.getKind(c), c);
        }
        return b.build();
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t instanceof tools.jackson.core.JacksonException je ? je.getOriginalMessage() : t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }
}
