package dev.kubelb.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelb.api.ConfigurationException;
import dev.kubelb.core.ProviderLoader;
import dev.kubelb.core.ProviderRegistry;
import dev.kubelb.core.fixtures.TestProvider;
import dev.kubelb.spi.ClusterInfo;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProviderRegistryTest {

    private static ProviderRegistry fromFixture() throws Exception {
        URL dir = ProviderRegistryTest.class.getResource("/registry-fixture/");
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir}, ProviderRegistryTest.class.getClassLoader())) {
            Thread.currentThread().setContextClassLoader(loader);
            return ProviderRegistry.load();
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    @Test
    void serviceLoaderFindsWorkingProvidersAndReportsBrokenOnes() throws Exception {
        ProviderRegistry reg = fromFixture();
        assertThat(reg.providers().keySet()).containsExactly("alpha", "beta");
        assertThat(reg.failures()).hasSize(2);
        assertThat(reg.failures()).anySatisfy(f -> assertThat(f).contains("BrokenProvider")
                .contains("missing native library"));
        assertThat(reg.failures()).anySatisfy(f -> assertThat(f).contains("DoesNotExist"));
    }

    @Test
    void explicitNameWins() throws Exception {
        ProviderRegistry reg = fromFixture();
        assertThat(reg.select(Optional.of("beta"), ClusterInfo.UNKNOWN).name()).isEqualTo("beta");
    }

    @Test
    void unknownNameListsAvailableProviders() throws Exception {
        ProviderRegistry reg = fromFixture();
        assertThatThrownBy(() -> reg.select(Optional.of("nsx"), ClusterInfo.UNKNOWN))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("provider: unknown provider 'nsx'; available: alpha, beta");
    }

    @Test
    void highestPriorityAmongSupportingProvidersWins() throws Exception {
        assertThat(fromFixture().select(Optional.empty(), ClusterInfo.UNKNOWN).name()).isEqualTo("alpha");
        ProviderRegistry reg = ProviderRegistry.load(ProviderLoader.of(new TestProvider("high", 90, false),
                new TestProvider("mid", 50, true), new TestProvider("low", 10, true)));
        assertThat(reg.select(Optional.empty(), ClusterInfo.UNKNOWN).name())
                .as("an unsupported provider is never chosen, whatever its priority").isEqualTo("mid");
    }

    @Test
    void aTieIsAnErrorNotARandomPick() {
        ProviderRegistry reg = ProviderRegistry.load(ProviderLoader.of(new TestProvider("one", 50, true),
                new TestProvider("two", 50, true)));
        assertThatThrownBy(() -> reg.select(Optional.empty(), ClusterInfo.UNKNOWN))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("provider: providers one, two tie at priority 50; name one explicitly");
    }

    @Test
    void noCandidateIsAnError() {
        ProviderRegistry reg = ProviderRegistry.load(ProviderLoader.of(new TestProvider("off", 50, false)));
        assertThatThrownBy(() -> reg.select(Optional.empty(), ClusterInfo.UNKNOWN))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("provider: no provider supports this cluster; available: off (name one explicitly)");
        ProviderRegistry empty = ProviderRegistry.load(ProviderLoader.of());
        assertThatThrownBy(() -> empty.select(Optional.empty(), ClusterInfo.UNKNOWN))
                .hasMessageContaining("available: (none found)");
    }

    @Test
    void invalidAndDuplicateNamesAreSkipped() {
        ProviderRegistry reg = ProviderRegistry.load(ProviderLoader.of(new TestProvider("Bad Name", 1, true),
                new TestProvider("dup", 1, true), new dev.kubelb.core.fixtures.AlphaProvider() {
                    @Override
                    public String name() {
                        return "dup";
                    }
                }));
        assertThat(reg.providers().keySet()).containsExactly("dup");
        assertThat(reg.failures()).hasSize(2);
        assertThat(reg.failures().get(0)).contains("invalid provider name 'Bad Name'");
        assertThat(reg.failures().get(1)).contains("duplicate provider name 'dup'");
    }
}
