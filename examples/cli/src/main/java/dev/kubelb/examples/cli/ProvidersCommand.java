package dev.kubelb.examples.cli;

import dev.kubelb.core.ProviderRegistry;
import dev.kubelb.spi.Capabilities;
import dev.kubelb.spi.LoadBalancerProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kubelb providers}: what ServiceLoader found on the class path, with priorities and capabilities. */
@Command(name = "providers", description = "List the providers ServiceLoader found, with priorities and capabilities.")
final class ProvidersCommand extends BaseCommand {
    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = Output.FORMATS)
    Output.Format format = Output.Format.table;

    @Override
    public Integer call() {
        ProviderRegistry registry = ProviderRegistry.load();
        List<Map<String, Object>> providers = new ArrayList<>();
        for (LoadBalancerProvider p : registry.providers().values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", p.name());
            m.put("priority", p.priority());
            m.put("capabilities", capabilities(p.capabilities()));
            m.put("class", p.getClass().getName());
            providers.add(m);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("providers", providers);
        root.put("failures", registry.failures());
        if (!Output.machine(out(), format, root)) {
            Table t = new Table("NAME", "PRIORITY", "CAPABILITIES", "CLASS");
            for (Map<String, Object> m : providers) {
                @SuppressWarnings("unchecked")
                List<String> caps = (List<String>) m.get("capabilities");
                t.row(m.get("name"), m.get("priority"), String.join(",", caps), m.get("class"));
            }
            t.print(out());
            registry.failures().forEach(f -> out().println("FAILED TO LOAD: " + f));
            out().flush();
        }
        return 0;
    }

    static List<String> capabilities(Capabilities c) {
        List<String> out = new ArrayList<>();
        if (c.bgp()) {
            out.add("bgp");
        }
        if (c.l2()) {
            out.add("l2");
        }
        if (c.dualStack()) {
            out.add("dual-stack");
        }
        if (c.addressPinning()) {
            out.add("pinning");
        }
        if (c.sharing()) {
            out.add("sharing");
        }
        if (c.delegatedAllocation()) {
            out.add("delegated-allocation");
        }
        return out;
    }
}
