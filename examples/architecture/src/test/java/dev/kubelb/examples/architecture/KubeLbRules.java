package dev.kubelb.examples.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.GeneralCodingRules;
import java.util.List;

/**
 * The cross-module rules of kubelb-java (DESIGN.md §2, §6), written against a root package so that the
 * same rules check the real code ({@code dev.kubelb}) and the deliberately bad fixtures, whose packages
 * mirror the real layout under {@link #FIXTURE_ROOT}.
 */
final class KubeLbRules {

    /** The root of the real code. */
    static final String ROOT = "dev.kubelb";

    /** The root of the bad fixtures; never part of the real-code import. */
    static final String FIXTURE_ROOT = "dev.kubelb.examples.architecture.fixture.bad";

    /**
     * What a provider may use besides the API/SPI and its own package: the JDK, fabric8's model and
     * client API jar, Jackson's annotations (the model's), slf4j and jakarta.inject.
     */
    static final List<String> PROVIDER_LIBRARIES = List.of("java", "io.fabric8.kubernetes.api",
            "io.fabric8.kubernetes.client", "io.fabric8.kubernetes.model", "org.slf4j", "jakarta.inject",
            "com.fasterxml.jackson.annotation");

    /**
     * Packages under {@code io.fabric8.kubernetes.client} that are not in the API jar
     * ({@code kubernetes-client-api}) but in the implementation, the HTTP clients or the mock server.
     */
    static final List<String> FABRIC8_IMPLEMENTATION = List.of("io.fabric8.kubernetes.client.impl",
            "io.fabric8.kubernetes.client.dsl.internal", "io.fabric8.kubernetes.client.informers.impl",
            "io.fabric8.kubernetes.client.utils.internal", "io.fabric8.kubernetes.client.osgi",
            "io.fabric8.kubernetes.client.okhttp", "io.fabric8.kubernetes.client.jdkhttp",
            "io.fabric8.kubernetes.client.vertx", "io.fabric8.kubernetes.client.jetty",
            "io.fabric8.kubernetes.client.server.mock");

    private KubeLbRules() {
    }

    /** @return every rule, in a stable order */
    static List<ArchRule> all(String root) {
        return List.of(apiDependsOnNoEngine(root), providersDependOnlyOnTheApi(root), providersAreIndependent(root),
                internalsStayInTheirModule(root), noPackageCycles(root), noStandardStreamsOutsideTheCli(root),
                noFieldInjection(root), inputReaderStandsAlone(root), inputReaderSurfaceIsSmall(root));
    }

    /**
     * What the input reader ({@code core.input}) may use: its own package, the API's values and exceptions, KubeLB's
     * typed kinds ({@code core.crd}), the JDK, snakeyaml-engine, Jackson and fabric8's model and serialization.
     */
    static final List<String> INPUT_LIBRARIES = List.of("java", "org.snakeyaml.engine", "tools.jackson",
            "com.fasterxml.jackson.annotation", "io.fabric8.kubernetes.api.model", "io.fabric8.kubernetes.model",
            "io.fabric8.kubernetes.client.utils", "io.fabric8.kubernetes.client.CustomResource");

    /**
     * The input reader is read by every entry point before anything is planned: it knows no engine, no provider, no
     * SPI, and nothing of the cluster client beyond serialization.
     */
    static ArchRule inputReaderStandsAlone(String root) {
        String input = root + ".core.input";
        return classes().that().resideInAPackage(input + "..")
                .should(new ArchCondition<JavaClass>("depend only on " + input + ", " + root + ".api, " + root
                        + ".core.crd and " + INPUT_LIBRARIES) {
                    @Override
                    public void check(JavaClass item, ConditionEvents events) {
                        for (Dependency d : item.getDirectDependenciesFromSelf()) {
                            JavaClass target = d.getTargetClass().getBaseComponentType();
                            String pkg = target.getPackageName();
                            boolean allowed = in(pkg, input) || in(pkg, root + ".api") || in(pkg, root + ".core.crd")
                                    || INPUT_LIBRARIES.stream().anyMatch(p -> in(pkg, p)
                                            || target.getName().equals(p) || target.getName().startsWith(p + "$"));
                            if (!allowed) {
                                events.add(SimpleConditionEvent.violated(d, d.getDescription()));
                            }
                        }
                    }
                })
                .as("the input reader depends on no engine, provider, SPI or cluster client");
    }

    /** The input package shows a reader and its error type; everything else in it is package-private. */
    static ArchRule inputReaderSurfaceIsSmall(String root) {
        return classes().that().resideInAPackage(root + ".core.input").and().arePublic().and().areTopLevelClasses()
                .should().haveSimpleName("InputReader").orShould().haveSimpleName("InputException")
                .allowEmptyShould(true)
                .as("core.input makes public only InputReader and InputException");
    }

    /** The API and the SPI know nothing of the engine, the providers or the examples. */
    static ArchRule apiDependsOnNoEngine(String root) {
        return noClasses().that().resideInAnyPackage(root + ".api..", root + ".spi..")
                .should().dependOnClassesThat().resideInAnyPackage(root + ".core..", root + ".provider..",
                        root + ".examples..")
                .as("api/spi depend on no core, provider or example class");
    }

    /**
     * A provider is written against the API/SPI only (plus fabric8's API jar, slf4j and the JDK). This
     * holds for the built-in providers ({@code root.provider.<name>..}) and for the sample third-party
     * provider ({@code root.examples.customprovider..}), the pattern vendors copy, and for the bare-metal FRR
     * provider ({@code root.examples.providerfrr..}).
     */
    static ArchRule providersDependOnlyOnTheApi(String root) {
        String providers = root + ".provider";
        String sample = root + ".examples.customprovider";
        String frr = root + ".examples.providerfrr";
        return classes().that().resideInAnyPackage(providers + "..", sample + "..", frr + "..")
                .should(new ArchCondition<JavaClass>("depend only on " + root + ".api.., " + root + ".spi.., their "
                        + "own provider package and " + PROVIDER_LIBRARIES + " (fabric8 client: the API jar only)") {
                    @Override
                    public void check(JavaClass item, ConditionEvents events) {
                        String own = in(item.getPackageName(), sample) ? sample
                                : in(item.getPackageName(), frr) ? frr : moduleOf(item.getPackageName(), providers);
                        for (Dependency d : item.getDirectDependenciesFromSelf()) {
                            String target = d.getTargetClass().getBaseComponentType().getPackageName();
                            boolean allowed = in(target, own) || in(target, root + ".api") || in(target, root + ".spi")
                                    || (PROVIDER_LIBRARIES.stream().anyMatch(p -> in(target, p))
                                    && FABRIC8_IMPLEMENTATION.stream().noneMatch(p -> in(target, p)));
                            if (!allowed) {
                                events.add(SimpleConditionEvent.violated(d, d.getDescription()));
                            }
                        }
                    }
                })
                .as("providers depend only on the API/SPI, their own package and the allowed libraries");
    }

    /** No provider uses another one. */
    static ArchRule providersAreIndependent(String root) {
        return slices().matching(root + ".provider.(*)..").should().notDependOnEachOther()
                .as("no provider depends on another");
    }

    /** A module's {@code ..internal..} packages are used from inside that module only. */
    static ArchRule internalsStayInTheirModule(String root) {
        return classes().that().resideInAPackage(root + "..")
                .should(new ArchCondition<JavaClass>("use no ..internal.. package of another module") {
                    @Override
                    public void check(JavaClass item, ConditionEvents events) {
                        for (Dependency d : item.getDirectDependenciesFromSelf()) {
                            String target = d.getTargetClass().getBaseComponentType().getPackageName();
                            int at = (target + ".").indexOf(".internal.");
                            if (in(target, root) && at >= 0 && !in(item.getPackageName(), target.substring(0, at))) {
                                events.add(SimpleConditionEvent.violated(d, d.getDescription()));
                            }
                        }
                    }
                })
                .as("nothing outside a module touches its ..internal.. packages");
    }

    /** The top-level packages (api, spi, core, provider, examples) form no cycle. */
    static ArchRule noPackageCycles(String root) {
        return slices().matching(root + ".(*)..").should().beFreeOfCycles().as("no package cycles");
    }

    /** Libraries log through slf4j; only the CLI writes to the console. */
    static ArchRule noStandardStreamsOutsideTheCli(String root) {
        return noClasses().that().resideInAPackage(root + "..").and().resideOutsideOfPackage(root + ".examples.cli..")
                .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
                .as("no System.out/System.err (nor printStackTrace) outside the CLI");
    }

    /** Dependencies come through constructors, never injected into fields. */
    static ArchRule noFieldInjection(String root) {
        return noFields().that().areDeclaredInClassesThat().resideInAPackage(root + "..")
                .should().beAnnotatedWith("jakarta.inject.Inject").orShould().beAnnotatedWith("javax.inject.Inject")
                .allowEmptyShould(true)
                .as("no field injection");
    }

    /** @return whether {@code pkg} is {@code prefix} or one of its sub-packages */
    static boolean in(String pkg, String prefix) {
        return pkg.equals(prefix) || pkg.startsWith(prefix + ".");
    }

    /** @return the module package of {@code pkg} directly under {@code parent}, e.g. the provider's */
    static String moduleOf(String pkg, String parent) {
        String rest = pkg.substring(parent.length() + 1);
        int dot = rest.indexOf('.');
        return parent + "." + (dot < 0 ? rest : rest.substring(0, dot));
    }
}
