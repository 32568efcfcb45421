package dev.kubelb.examples.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks the rules against the main classes of every module on the class path. Test classes (and so
 * the bad fixtures of this module) are not imported.
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("/dev/kubelb/examples/architecture/")
                        && !location.contains("-tests.jar"))
                .importPackages(KubeLbRules.ROOT);
    }

    @Test
    void importsEveryModuleAndNoFixture() {
        // without this, a broken class path would make every rule pass vacuously
        assertThat(classes.stream().map(JavaClass::getPackageName).distinct())
                .contains("dev.kubelb.api", "dev.kubelb.spi", "dev.kubelb.core")
                .anyMatch(p -> KubeLbRules.in(p, "dev.kubelb.core.internal"))
                .anyMatch(p -> KubeLbRules.in(p, "dev.kubelb.provider.metallb"))
                .anyMatch(p -> KubeLbRules.in(p, "dev.kubelb.provider.cilium"))
                .anyMatch(p -> KubeLbRules.in(p, "dev.kubelb.provider.ccm"))
                .anyMatch(p -> KubeLbRules.in(p, "dev.kubelb.examples.customprovider"))
                .anyMatch(p -> KubeLbRules.in(p, "dev.kubelb.examples.providerfrr"))
                .anyMatch(p -> KubeLbRules.in(p, "dev.kubelb.core.internal.tenant"))
                .anyMatch(p -> KubeLbRules.in(p, "dev.kubelb.examples.tenantagent"))
                .noneMatch(p -> KubeLbRules.in(p, "dev.kubelb.examples.architecture"));
    }

    @Test
    void apiDependsOnNoEngine() {
        KubeLbRules.apiDependsOnNoEngine(KubeLbRules.ROOT).check(classes);
    }

    @Test
    void providersDependOnlyOnTheApi() {
        KubeLbRules.providersDependOnlyOnTheApi(KubeLbRules.ROOT).check(classes);
    }

    @Test
    void providersAreIndependent() {
        KubeLbRules.providersAreIndependent(KubeLbRules.ROOT).check(classes);
    }

    @Test
    void internalsStayInTheirModule() {
        KubeLbRules.internalsStayInTheirModule(KubeLbRules.ROOT).check(classes);
    }

    @Test
    void noPackageCycles() {
        KubeLbRules.noPackageCycles(KubeLbRules.ROOT).check(classes);
    }

    @Test
    void noStandardStreamsOutsideTheCli() {
        KubeLbRules.noStandardStreamsOutsideTheCli(KubeLbRules.ROOT).check(classes);
    }

    @Test
    void noFieldInjection() {
        KubeLbRules.noFieldInjection(KubeLbRules.ROOT).check(classes);
    }

    @Test
    void inputReaderStandsAlone() {
        assertThat(classes.contain("dev.kubelb.core.input.InputReader")).as("the input package is imported").isTrue();
        KubeLbRules.inputReaderStandsAlone(KubeLbRules.ROOT).check(classes);
    }

    @Test
    void inputReaderSurfaceIsSmall() {
        KubeLbRules.inputReaderSurfaceIsSmall(KubeLbRules.ROOT).check(classes);
    }
}
