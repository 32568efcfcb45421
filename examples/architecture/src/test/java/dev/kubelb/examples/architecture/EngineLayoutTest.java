package dev.kubelb.examples.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine's layout (issue #13, "Shape"): the reconciler's successors are named parts of one concern
 * each, package-private, a few hundred lines at most; informers live in the event sources, status writes in
 * the status writer, allocation in one allocate→vet step.
 */
class EngineLayoutTest {
    /** The engine's parts: wired by {@code Reconciler}, none of them public. */
    static final List<String> PARTS = List.of("Reconciler", "EngineState", "Watches", "ControlLoop", "RequestSources",
            "RequestReconciler", "Allocations", "OwnedObjects", "StatusWriter", "StatusReader", "Finalizers",
            "EventRecorder", "Rebuild", "ConfigurationSync", "RequestKey", "SourceKind", "Outcome");
    private static final String CORE = "dev.kubelb.core";
    private static JavaClasses classes;

    @BeforeAll
    static void importCore() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages(CORE);
    }

    @Test
    void theEnginesPartsAreNotPublic() {
        ArchRule rule = classes().that(com.tngtech.archunit.base.DescribedPredicate.describe("are engine parts",
                        c -> PARTS.stream().anyMatch(p -> c.getName().equals(CORE + "." + p))))
                .should().notBePublic().as("the engine's parts are package-private");
        rule.check(classes);
        assertThat(classes.stream().filter(c -> c.getPackageName().equals(CORE)).map(c -> c.getSimpleName()))
                .as("every part named here exists").containsAll(PARTS);
    }

    @Test
    void onlyTheEventSourcesHoldInformers() {
        // besides the engine's: the tenant agent's event sources, and the source of KubeLB's Tenant/Config settings
        noClasses().that().resideInAPackage(CORE + "..").and(outside("Watches", "SimulatedAppliance",
                        "internal.tenant.AgentLoop", "KubeLbTenants"))
                .should().dependOnClassesThat().haveFullyQualifiedName(
                        "io.fabric8.kubernetes.client.informers.SharedIndexInformer")
                .as("informers are the event sources' (Watches) concern").check(classes);
    }

    @Test
    void onlyTheStatusWriterWritesRequestStatus() {
        // besides the engine's: the tenant agent copies the manager's answer into the tenant cluster's Service
        noClasses().that().resideInAPackage(CORE + "..").and(outside("StatusWriter", "SimulatedAppliance",
                        "internal.tenant.ServicePass"))
                .should().callMethodWhere(com.tngtech.archunit.base.DescribedPredicate.describe("updateStatus",
                        call -> call.getTarget().getName().equals("updateStatus")))
                .as("request status is written by the StatusWriter only").check(classes);
    }

    /** @return classes other than the named top-level classes of the core package and their nested classes */
    private static com.tngtech.archunit.base.DescribedPredicate<com.tngtech.archunit.core.domain.JavaClass> outside(
            String... owners) {
        return com.tngtech.archunit.base.DescribedPredicate.describe("are not in " + List.of(owners), c -> List.of(owners)
                .stream().noneMatch(o -> c.getName().equals(CORE + "." + o) || c.getName().startsWith(CORE + "." + o + "$")));
    }

    @Test
    void theEnginesPartsStaySmall() throws IOException {
        Path src = Path.of("..", "..", "kubelb-core", "src", "main", "java", "dev", "kubelb", "core");
        for (String part : PARTS) {
            List<String> lines = Files.readAllLines(src.resolve(part + ".java"));
            assertThat(lines.size()).as(part + ".java, in lines").isLessThanOrEqualTo(300);
        }
    }
}
