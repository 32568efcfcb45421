package dev.kubelb.provider.metallb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.BgpPeer;
import dev.kubelb.api.SecretRef;
import dev.kubelb.spi.ProviderContext;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A clear-text BGP password is rendered as a Secret reference; the BGPPeer never carries it. */
class PasswordRenderingTest {
    private static final String CLEAR = "pa55-w0rd-never-shown";
    private final MetalLbSession session = new MetalLbSession(ProviderContext.offline("metallb-system"));

    private static ApplianceConfig config() {
        return ApplianceConfig.builder()
                .peer(BgpPeer.builder("tor", 64512, 64513, "192.0.2.1").password(CLEAR).build())
                .peer(BgpPeer.builder("spine", 64512, 64514, "192.0.2.2")
                        .passwordSecret(new SecretRef("", "users-secret", "password")).build())
                .build();
    }

    @Test
    void theBgpPeerReferencesASecretAndNeverCarriesThePassword() {
        List<HasMetadata> out = session.renderConfig(config(), List.of());
        String peers = Manifests.yaml(out.stream().filter(o -> o.getKind().equals("BGPPeer")).toList());
        assertThat(peers).doesNotContain(CLEAR).doesNotContain("password:")
                .contains("passwordSecret:\n    name: \"tor-bgp-password\"\n    namespace: \"metallb-system\"")
                .contains("passwordSecret:\n    name: \"users-secret\"");
        Secret secret = (Secret) out.stream().filter(o -> o.getKind().equals("Secret")).findFirst().orElseThrow();
        // what MetalLB reads (config.go passwordFromSecretForPeer): type basic-auth, key "password"
        assertThat(secret.getType()).isEqualTo("kubernetes.io/basic-auth");
        assertThat(secret.getMetadata().getNamespace()).isEqualTo("metallb-system");
        assertThat(new String(Base64.getDecoder().decode(secret.getData().get("password")), StandardCharsets.UTF_8))
                .isEqualTo(CLEAR);
        assertThat(out).filteredOn(o -> o.getKind().equals("Secret")).hasSize(1);
    }

    @Test
    void noRenderedObjectShowsThePasswordWhenPrintedOrLogged() {
        List<HasMetadata> out = session.renderConfig(config(), List.of());
        String encoded = Base64.getEncoder().encodeToString(CLEAR.getBytes(StandardCharsets.UTF_8));
        assertThat(out.toString()).doesNotContain(CLEAR).doesNotContain(encoded);
        assertThat(session.importConfig(out).toString()).doesNotContain(CLEAR).doesNotContain(encoded);
    }

    @Test
    void importingTheRenderedObjectsGivesThePasswordBack() {
        ApplianceConfig back = session.importConfig(Manifests.parse(Manifests.yaml(
                session.renderConfig(config(), List.of()))));
        assertThat(back).isEqualTo(session.importConfig(session.renderConfig(config(), List.of())));
        assertThat(back.peer("tor").orElseThrow().password()).map(p -> p.value()).contains(CLEAR);
        assertThat(back.peer("tor").orElseThrow().passwordSecret()).isEmpty();
        assertThat(back.peer("spine").orElseThrow().passwordSecret())
                .isEqualTo(Optional.of(new SecretRef("", "users-secret", "password")));
    }

    @Test
    void aSecretOfTheSameNameNotRenderedForThatPeerIsNotRead() {
        List<HasMetadata> out = session.renderConfig(config(), List.of());
        // the same Secret claimed for another peer: the reference stays a reference
        out.stream().filter(o -> o.getKind().equals("Secret")).findFirst().orElseThrow().getMetadata()
                .setAnnotations(java.util.Map.of(PeerPasswords.OWNER, "spine"));
        ApplianceConfig back = session.importConfig(Manifests.parse(Manifests.yaml(out)));
        assertThat(back.peer("tor").orElseThrow().password()).isEmpty();
        assertThat(back.peer("tor").orElseThrow().passwordSecret())
                .contains(new SecretRef("metallb-system", "tor-bgp-password", "password"));
    }
}
