package dev.kubelb.examples.cli;

import dev.kubelb.api.ConfigurationException;
import dev.kubelb.core.Plan;
import dev.kubelb.core.Planner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** A command that reads manifests ({@code -f}) and may name the provider and the output format. */
abstract class InputCommand extends BaseCommand {
    @Option(names = {"-f", "--filename"}, paramLabel = "FILE",
            description = "Multi-document YAML: appliance resources (MetalLB, Cilium…), Services of type "
                    + "LoadBalancer, KubeLB LoadBalancers. A file, a directory (.yaml, .yml, .json), a comma-separated "
                    + "list, or '-' for stdin; repeatable.")
    List<String> files = new ArrayList<>();

    @Option(names = {"-R", "--recursive"}, description = "Read the directories given with -f recursively.")
    boolean recursive;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NS", description = "The namespace of Services and "
            + "LoadBalancers that name none (like kubectl, one that names another is an error); the read commands "
            + "show only this namespace.")
    String namespace;

    @Option(names = "--provider", paramLabel = "NAME",
            description = "metallb, cilium, ccm or any discovered provider; default: inferred from the "
                    + "appliance resources given.")
    String provider;

    @Option(names = "--node-address", paramLabel = "IP", description = "A tenant node address (repeatable): each "
            + "Service's back ends are these addresses x its NodePorts, wired through an EndpointSlice.")
    List<String> nodeAddresses = new ArrayList<>();

    @Option(names = "--provider-option", paramLabel = "KEY=VALUE", description = "A provider option (repeatable), "
            + "e.g. ccm.cloud=aws, cilium.poolVersion=v2alpha1.")
    Map<String, String> providerOptions = new LinkedHashMap<>();

    @Option(names = "--hint", paramLabel = "KEY=VALUE", description = "A cluster fact for provider inference "
            + "(repeatable), e.g. cloud=aws.")
    Map<String, String> hints = new LinkedHashMap<>();

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = Output.FORMATS)
    Output.Format format = Output.Format.table;

    /** Set by the read commands: {@code -n} then selects what is shown, not the input's namespace. */
    boolean readOnly;

    Scenario scenario() {
        if (files.isEmpty()) {
            throw CliException.invalid("kubelb: " + spec.name() + ": no input: pass -f FILE (or -f - for stdin)");
        }
        long t0 = System.nanoTime();
        List<String> expanded = InputFiles.expand(files, recursive);
        List<Documents.Doc> docs = Documents.read(expanded, InputFiles.learnSecrets(expanded, root().stdin));
        if (!readOnly) {
            Namespaces.apply(docs, namespace);
        }
        long t1 = System.nanoTime();
        Scenario s = Scenario.of(docs, Optional.ofNullable(provider), nodeAddresses, providerOptions, hints,
                dev.kubelb.core.ProviderRegistry.load());
        if (docs.size() >= 1000) {
            progress("read " + docs.size() + " documents in " + (t1 - t0) / 1_000_000 + " ms; understood them in "
                    + (System.nanoTime() - t1) / 1_000_000 + " ms");
        }
        return s;
    }

    /**
     * @param s the scenario
     * @return the plan (offline, pure)
     * @throws CliException (exit 2) when the configuration is invalid
     */
    static Plan plan(Scenario s) {
        try {
            return Planner.builder(s.session).build().plan(s.config, s.requests, s.existing);
        } catch (ConfigurationException e) {
            throw CliException.invalid(s.locate(e));
        }
    }
}
