package dev.kubelb.examples.architecture;

import static dev.kubelb.examples.architecture.KubeLbRules.FIXTURE_ROOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Proves the rules bite: each one fails on the deliberately bad fixture package (which mirrors the
 * real layout under {@link KubeLbRules#FIXTURE_ROOT}), naming the offending class, and does not flag
 * what it allows.
 */
class RulesBiteTest {

    private static JavaClasses fixture;

    @BeforeAll
    static void importFixture() {
        fixture = new ClassFileImporter().importPackages(FIXTURE_ROOT);
    }

    private static String violations(ArchRule rule) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> rule.check(fixture));
        assertThat(t).as("%s must fail on the bad fixture", rule.getDescription()).isInstanceOf(AssertionError.class);
        return t.getMessage();
    }

    @Test
    void fixtureIsImported() {
        assertThat(fixture.contain(FIXTURE_ROOT + ".provider.alpha.AlphaProvider")).isTrue();
        assertThat(fixture.contain(FIXTURE_ROOT + ".examples.cli.Main")).isTrue();
    }

    @Test
    void everyRuleFailsOnTheFixture() {
        for (ArchRule rule : KubeLbRules.all(FIXTURE_ROOT)) {
            assertThatThrownBy(() -> rule.check(fixture)).as(rule.getDescription()).isInstanceOf(AssertionError.class);
        }
    }

    @Test
    void apiDependingOnEngineFails() {
        assertThat(violations(KubeLbRules.apiDependsOnNoEngine(FIXTURE_ROOT)))
                .contains(FIXTURE_ROOT + ".api.BadApi", FIXTURE_ROOT + ".core.CoreThing")
                .contains(FIXTURE_ROOT + ".spi.BadSpi", FIXTURE_ROOT + ".provider.alpha.AlphaProvider");
    }

    @Test
    void providerUsingForbiddenClassesFails() {
        assertThat(violations(KubeLbRules.providersDependOnlyOnTheApi(FIXTURE_ROOT)))
                .contains("io.fabric8.kubernetes.client.impl.KubernetesClientImpl")
                .contains("tools.jackson.databind.json.JsonMapper")
                .contains(FIXTURE_ROOT + ".core.internal.Secret")
                .contains(FIXTURE_ROOT + ".provider.beta.Beta")
                // the sample third-party provider is held to the same rule
                .contains(FIXTURE_ROOT + ".examples.customprovider.VendorProvider")
                .contains(FIXTURE_ROOT + ".examples.providerfrr.EngineSpeaker")
                // allowed: fabric8 model, slf4j, jakarta.inject, the JDK
                .doesNotContain("<io.fabric8.kubernetes.api.model.Service>")
                .doesNotContain("<org.slf4j.Logger>")
                .doesNotContain("<jakarta.inject.Inject>")
                .doesNotContain("<java.util.List>");
    }

    @Test
    void providerUsingAnotherProviderFails() {
        assertThat(violations(KubeLbRules.providersAreIndependent(FIXTURE_ROOT)))
                .contains(FIXTURE_ROOT + ".provider.alpha.AlphaProvider", FIXTURE_ROOT + ".provider.beta.Beta");
    }

    @Test
    void internalsUsedFromAnotherModuleFail() {
        assertThat(violations(KubeLbRules.internalsStayInTheirModule(FIXTURE_ROOT)))
                .contains(FIXTURE_ROOT + ".provider.alpha.AlphaProvider")
                .contains(FIXTURE_ROOT + ".core.internal.Secret")
                // core using its own internals is fine
                .doesNotContain("Method <" + FIXTURE_ROOT + ".core.CoreThing")
                .doesNotContain("Field <" + FIXTURE_ROOT + ".core.CoreThing");
    }

    @Test
    void packageCycleFails() {
        assertThat(violations(KubeLbRules.noPackageCycles(FIXTURE_ROOT)))
                .contains("Cycle detected")
                .contains(FIXTURE_ROOT + ".api.BadApi", FIXTURE_ROOT + ".core.CoreThing");
    }

    @Test
    void standardStreamsOutsideTheCliFail() {
        assertThat(violations(KubeLbRules.noStandardStreamsOutsideTheCli(FIXTURE_ROOT)))
                .contains(FIXTURE_ROOT + ".provider.alpha.AlphaProvider")
                .doesNotContain(FIXTURE_ROOT + ".examples.cli.Main");
    }

    @Test
    void fieldInjectionFails() {
        assertThat(violations(KubeLbRules.noFieldInjection(FIXTURE_ROOT)))
                .contains(FIXTURE_ROOT + ".provider.alpha.AlphaProvider.injectedClient");
    }

    @Test
    void rulesAllowWhatTheyAllow() {
        JavaClasses cliAndCore = new ClassFileImporter().importPackages(FIXTURE_ROOT + ".examples.cli",
                FIXTURE_ROOT + ".core", FIXTURE_ROOT + ".provider.beta");
        assertThatCode(() -> KubeLbRules.noStandardStreamsOutsideTheCli(FIXTURE_ROOT).allowEmptyShould(true)
                .check(cliAndCore)).doesNotThrowAnyException();
        assertThatCode(() -> KubeLbRules.internalsStayInTheirModule(FIXTURE_ROOT).check(cliAndCore))
                .doesNotThrowAnyException();
        assertThatCode(() -> KubeLbRules.providersDependOnlyOnTheApi(FIXTURE_ROOT).check(cliAndCore))
                .doesNotThrowAnyException();
    }

    @Test
    void inputReaderReachingIntoTheEngineFails() {
        assertThat(violations(KubeLbRules.inputReaderStandsAlone(FIXTURE_ROOT)))
                .contains(FIXTURE_ROOT + ".core.input.YamlHelper", FIXTURE_ROOT + ".core.CoreThing")
                .doesNotContain("<java.lang.Object>");
    }

    @Test
    void aPublicHelperInTheInputPackageFails() {
        assertThat(violations(KubeLbRules.inputReaderSurfaceIsSmall(FIXTURE_ROOT)))
                .contains(FIXTURE_ROOT + ".core.input.YamlHelper");
    }
}
