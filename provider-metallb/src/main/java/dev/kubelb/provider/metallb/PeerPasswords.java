package dev.kubelb.provider.metallb;

import dev.kubelb.api.BgpPeer;
import dev.kubelb.api.Password;
import dev.kubelb.api.Problem;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A BGP password given in clear text is never rendered into the {@code BGPPeer}: the peer references a
 * {@code Secret} ({@code spec.passwordSecret}, which MetalLB reads in every mode, config.go
 * passwordFromSecretForPeer: type {@code kubernetes.io/basic-auth}, key {@code password}) and the Secret,
 * rendered beside it, holds the password. The Secret carries {@value #OWNER} naming its peer, so that
 * importing the rendered objects gives the clear-text password back (a round trip).
 */
final class PeerPasswords {
    /** Annotation on a rendered password Secret naming the {@code BGPPeer} it belongs to. */
    static final String OWNER = "kubelb.dev/bgp-password-of";
    private static final String BASIC_AUTH = "kubernetes.io/basic-auth";
    private static final String KEY = "password";

    private PeerPasswords() {
    }

    /**
     * @param peer a peer's name
     * @return the name of the Secret rendered for its password
     */
    static String secretName(String peer) {
        String name = peer + "-bgp-password";
        return name.length() <= 253 ? name : peer.substring(0, 253 - "-bgp-password".length()) + "-bgp-password";
    }

    /**
     * @param peer a peer with a clear-text password
     * @param password its password
     * @param namespace the appliance's namespace
     * @return the Secret holding it
     */
    static Secret render(BgpPeer peer, Password password, String namespace) {
        Secret s = new MaskedSecret();
        s.setApiVersion("v1");
        s.setKind("Secret");
        ObjectMeta m = new ObjectMeta();
        m.setName(secretName(peer.name()));
        m.setNamespace(namespace);
        m.setAnnotations(Map.of(OWNER, peer.name()));
        s.setMetadata(m);
        s.setType(BASIC_AUTH);
        s.setData(Map.of(KEY, Base64.getEncoder().encodeToString(password.value().getBytes(StandardCharsets.UTF_8))));
        return s;
    }

    /**
     * @param o an object
     * @return whether it is a password Secret kubelb rendered
     */
    static boolean recognizes(HasMetadata o) {
        return o != null && "Secret".equals(o.getKind()) && "v1".equals(o.getApiVersion()) && o.getMetadata() != null
                && o.getMetadata().getAnnotations() != null && o.getMetadata().getAnnotations().containsKey(OWNER);
    }

    /**
     * @param objects input objects
     * @return the clear-text passwords of the rendered password Secrets among them, by Secret name
     *     and owning peer ({@code secret/peer})
     */
    static Map<String, Password> read(List<? extends HasMetadata> objects) {
        Map<String, Password> out = new HashMap<>();
        for (HasMetadata o : objects) {
            if (!recognizes(o)) {
                continue;
            }
            String encoded = dataOf(o);
            if (encoded != null) {
                try {
                    String clear = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
                    out.put(o.getMetadata().getName() + "/" + o.getMetadata().getAnnotations().get(OWNER),
                            new Password(clear));
                } catch (IllegalArgumentException e) {
                    // not base64: not ours to read; the peer keeps its Secret reference
                }
            }
        }
        return out;
    }

    /**
     * @param objects input objects
     * @return the Secrets among them that kubelb did not render, by {@code namespace/name} (and by {@code /name}
     *     for those without a namespace)
     */
    static Map<String, HasMetadata> userSecrets(List<? extends HasMetadata> objects) {
        Map<String, HasMetadata> out = new HashMap<>();
        for (HasMetadata o : objects) {
            if (o != null && "Secret".equals(o.getKind()) && "v1".equals(o.getApiVersion()) && !recognizes(o)
                    && o.getMetadata() != null && o.getMetadata().getName() != null) {
                String ns = o.getMetadata().getNamespace() == null ? "" : o.getMetadata().getNamespace();
                out.put(ns + "/" + o.getMetadata().getName(), o);
            }
        }
        return out;
    }

    /**
     * When the Secret a peer's {@code passwordSecret} names is among the input objects, checks it as MetalLB
     * does (internal/config/config.go passwordFromSecretForPeer): type {@code kubernetes.io/basic-auth} and a
     * {@code password} key. Its data never reaches a message. A Secret not in the input is the cluster's: not
     * checked (MetalLB waits for a missing one, a TransientError).
     *
     * @param secrets the input Secrets ({@link #userSecrets})
     * @param namespace the reference's namespace ({@code ""}: the peer's)
     * @param name the reference's name
     * @param object the peer, for problems
     * @param problems where problems are added
     */
    static void check(Map<String, HasMetadata> secrets, String namespace, String name, String object,
            List<Problem> problems) {
        HasMetadata s = secrets.get(namespace + "/" + name);
        if (s == null && namespace.isEmpty()) {
            s = secrets.values().stream().filter(x -> name.equals(x.getMetadata().getName())).findFirst().orElse(null);
        }
        if (s == null) {
            return;
        }
        String type = s instanceof Secret sec ? sec.getType() : s instanceof GenericKubernetesResource g
                && g.getAdditionalProperties().get("type") instanceof String t ? t : null;
        if (!BASIC_AUTH.equals(type)) {
            problems.add(Problem.of(object, "spec.passwordSecret", "Secret " + name + " has type '" + type
                    + "'; MetalLB reads only type " + BASIC_AUTH));
        } else if (dataOf(s) == null && !(s instanceof Secret sec && sec.getStringData() != null
                && sec.getStringData().containsKey(KEY))) {
            problems.add(Problem.of(object, "spec.passwordSecret", "Secret " + name + " has no key '" + KEY + "'"));
        }
    }

    /** A Secret whose {@code toString} never shows its data (it may reach a log or an error message). */
    private static final class MaskedSecret extends Secret {
        private static final long serialVersionUID = 1L;

        @Override
        public String toString() {
            return "Secret(" + getMetadata().getNamespace() + "/" + getMetadata().getName() + ", type=" + getType()
                    + ", data=****)";
        }
    }

    private static String dataOf(HasMetadata o) {
        if (o instanceof Secret s) {
            return s.getData() == null ? null : s.getData().get(KEY);
        }
        if (o instanceof GenericKubernetesResource g && g.getAdditionalProperties().get("data") instanceof Map<?, ?> d
                && d.get(KEY) instanceof String v) {
            return v;
        }
        return null;
    }
}
