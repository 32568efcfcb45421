package dev.kubelb.provider.ccm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelb.api.ConfigurationException;
import dev.kubelb.api.Problem;
import dev.kubelb.api.Visibility;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Discovery of built-in and third-party profiles, and the profile file format. */
class CloudProfilesTest {

    @Test
    void findsTheBuiltInProfilesAndTheThirdPartyOnesOnTheClassPath() {
        CloudProfiles profiles = CloudProfiles.load();
        assertThat(profiles.failures()).isEmpty();
        assertThat(profiles.names()).containsExactly("acme", "aws", "aws-lbc", "azure", "digitalocean", "gcp",
                "hetzner", "oci", "openstack", "toycloud");
        assertThat(profiles.require("aws").origin()).contains("target/classes/").endsWith("aws.properties");
        assertThat(profiles.require("acme").origin()).as("a resource file with its own index")
                .contains("target/test-classes/").endsWith("acme.properties");
        assertThat(profiles.require("toycloud").origin()).as("a CloudProfileSource found by ServiceLoader")
                .isEqualTo(ToyCloudProfileSource.class.getName());
    }

    @Test
    void aThirdPartyResourceProfileIsUsableLikeABuiltInOne() {
        CcmSession session = Fixtures.session("acme");
        CloudProfile acme = session.profile();
        assertThat(acme.loadBalancerClass()).contains("acme.example/l4");
        assertThat(acme.isReadOnly("lb.acme.example/id")).isTrue();
        assertThat(acme.isControllerFinalizer("acme.example/cleanup")).isTrue();
        var request = Fixtures.web().exposure(Fixtures.exposure(Visibility.INTERNAL))
                .requestedAddresses("10.9.9.9").annotation("lb.acme.example/id", "forged").build();
        var svc = session.renderService(request, java.util.Optional.empty(), dev.kubelb.api.ApplianceConfig.EMPTY);
        assertThat(svc.getSpec().getLoadBalancerClass()).isEqualTo("acme.example/l4");
        assertThat(svc.getMetadata().getAnnotations()).containsEntry("lb.acme.example/exposure", "private")
                .containsEntry("lb.acme.example/address", "10.9.9.9")
                .doesNotContainKey("lb.acme.example/id");
        var path = Fixtures.web().exposure(new dev.kubelb.api.ExposureOptions(java.util.Optional.of(Visibility.INTERNAL),
                java.util.Optional.empty(), new dev.kubelb.api.HealthCheck(java.util.Optional.of("HTTP"),
                        java.util.Optional.empty(), java.util.Optional.of("/ready"), java.util.Optional.empty(),
                        java.util.Optional.empty(), java.util.Optional.empty()), false, List.of())).build();
        assertThat(session.check(path)).extracting(Problem::message).containsExactly(
                "cloud 'acme' does not support healthCheck.protocol: ACME always probes over TCP",
                "cloud 'acme' supports healthCheck.path only for public load balancers, this one is internal");
    }

    @Test
    void aCodeContributedProfileIsUsable() {
        CcmSession session = Fixtures.session("toycloud");
        var proxy = new dev.kubelb.api.ExposureOptions(java.util.Optional.empty(), java.util.Optional.empty(),
                dev.kubelb.api.HealthCheck.DEFAULT, true, List.of());
        var svc = session.renderService(Fixtures.web().exposure(proxy).build(), java.util.Optional.empty(),
                dev.kubelb.api.ApplianceConfig.EMPTY);
        assertThat(session.check(Fixtures.web().exposure(Fixtures.proxyAndRanges()).build()))
                .extracting(Problem::message).containsExactly("cloud 'toycloud' does not support sourceRanges");
        assertThat(svc.getMetadata().getAnnotations()).containsEntry("toy.example/proxy-protocol", "enabled");
        assertThat(session.capabilities().dualStack()).isTrue();
        assertThat(session.capabilities().addressPinning()).isFalse();
    }

    @Test
    void builtInsWinOverADuplicateAndBrokenProfilesAreReportedAndSkipped(@TempDir Path dir) throws IOException {
        Path meta = Files.createDirectories(dir.resolve("META-INF/kubelb/ccm-profiles"));
        Files.writeString(dir.resolve("META-INF/kubelb/ccm-profiles.index"), "aws\nbroken\nmisnamed\nmissing\n",
                StandardCharsets.UTF_8);
        Files.writeString(meta.resolve("aws.properties"), "name=aws\nipFamilies=IPv4\nvisibility.public=\n",
                StandardCharsets.UTF_8);
        Files.writeString(meta.resolve("broken.properties"),
                "name=broken\nipFamilies=IPv5\nvisibility.public=\nhealthcheck.path=x=y\n", StandardCharsets.UTF_8);
        Files.writeString(meta.resolve("misnamed.properties"), "name=other\nipFamilies=IPv4\nvisibility.public=\n",
                StandardCharsets.UTF_8);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
                CloudProfilesTest.class.getClassLoader())) {
            CloudProfiles profiles = CloudProfiles.load(loader);
            assertThat(profiles.require("aws").origin()).as("the built-in aws wins").contains("target/classes/");
            assertThat(profiles.names()).doesNotContain("broken", "misnamed", "missing", "other");
            assertThat(profiles.failures()).hasSize(4);
            assertThat(profiles.failures().get(0)).contains("duplicate cloud profile 'aws'");
            assertThat(profiles.failures().get(1)).contains("broken.properties")
                    .contains("ipFamilies: unknown family 'IPv5' (expected IPv4 or IPv6)")
                    .contains("healthcheck.path: unknown key");
            assertThat(profiles.failures().get(2)).contains("declares name 'other', expected 'misnamed'");
            assertThat(profiles.failures().get(3)).contains("missing.properties").contains("cannot be read");
        }
    }

    @Test
    void unknownProfileNamesTheKnownOnes() {
        CloudProfiles profiles = CloudProfiles.of(List.of(Fixtures.profile("gcp"), Fixtures.profile("aws")));
        assertThatThrownBy(() -> profiles.require("ibm"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("ccm.cloud: unknown cloud profile 'ibm'; known profiles: aws, gcp");
    }

    @Test
    void theFileFormatIsStrict() {
        Map<String, String> bad = new TreeMap<>(Map.of(
                "name", "Bad Name",
                "ipFamilies", "",
                "visibility.internal", "not-an-annotation",
                "subnet", "spec.subnet",
                "subnet.when", "sometimes",
                "healthCheck.path", "x.example/p=${path}",
                "address.ipv4", "spec.loadBalancerSourceRanges",
                "readOnly", "x.example/*",
                "proxyProtocol", "x.example/proxy=true"));
        assertThatThrownBy(() -> CloudProfile.fromProperties("test", bad))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems())
                        .extracting(Problem::toString).containsExactlyInAnyOrder(
                                "CloudProfile/test: name: 'Bad Name' is not a valid profile name (lowercase letters,"
                                        + " digits and '-')",
                                "CloudProfile/test: ipFamilies: at least one family (IPv4, IPv6) is required",
                                "CloudProfile/test: visibility.internal: 'not-an-annotation' is not"
                                        + " annotation-key=value",
                                "CloudProfile/test: subnet: unknown field 'spec.subnet' (supported:"
                                        + " spec.loadBalancerIP, spec.loadBalancerSourceRanges)",
                                "CloudProfile/test: subnet.when: 'sometimes' is not internal or public",
                                "CloudProfile/test: healthCheck.path: unknown placeholder ${path} (known: ${value},"
                                        + " ${value.lower}, ${port})",
                                "CloudProfile/test: address.ipv4: field spec.loadBalancerSourceRanges cannot carry"
                                        + " address.ipv4",
                                "CloudProfile/test: proxyProtocol: maps to x.example/proxy, which the profile"
                                        + " declares read-only",
                                "CloudProfile/test: visibility.public: is required (empty when nothing is"
                                        + " written)"));
    }

    @Test
    void globsMatchWholeKeys() {
        List<String> patterns = List.of("service.kubernetes.io/firewall-rule*", "networking.gke.io/*");
        assertThat(CloudProfile.matchesAny(patterns, "service.kubernetes.io/firewall-rule-for-hc")).isTrue();
        assertThat(CloudProfile.matchesAny(patterns, "service.kubernetes.io/firewall-rule")).isTrue();
        assertThat(CloudProfile.matchesAny(patterns, "x/service.kubernetes.io/firewall-rule")).isFalse();
        assertThat(CloudProfile.matchesAny(patterns, "networking.gke.io/l4-ilb-v2")).isTrue();
        assertThat(CloudProfile.matchesAny(patterns, "networking.gke.io")).isFalse();
        assertThat(Fixtures.profile("gcp").isReadOnly("service.kubernetes.io/udp-forwarding-rule-ipv6")).isTrue();
        assertThat(Fixtures.profile("gcp").isReadOnly("networking.gke.io/load-balancer-type")).isFalse();
    }
}
