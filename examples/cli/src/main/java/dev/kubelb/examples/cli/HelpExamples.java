package dev.kubelb.examples.cli;

import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Help for every command, applied to the command model in one place: {@code -h/--help} on every command, examples
 * in every help, and the exit codes. Kept here rather than in each command's annotation, so that commands owned
 * elsewhere ({@code demo}, {@code migrate}) get the same help.
 */
final class HelpExamples {
    /** Examples per command name ({@code kubelb} for the root). Each line is a command a user can paste. */
    static final Map<String, List<String>> EXAMPLES = Map.ofEntries(
            Map.entry("kubelb", List.of(
                    "kubelb demo                              # the seed scenario, nothing to install",
                    "kubelb demo --manifests > seed.yaml",
                    "kubelb plan -f seed.yaml",
                    "kubelb up && kubelb apply -f seed.yaml && kubelb status")),
            Map.entry("plan", List.of(
                    "kubelb plan -f seed.yaml",
                    "kubelb plan -f manifests/ -R -o wide",
                    "kubelb plan -f pools.yaml,services.yaml -o json",
                    "kubelb plan -f seed.yaml -o manifests | kubectl apply -f -",
                    "cat seed.yaml | kubelb plan -f -")),
            Map.entry("apply", List.of(
                    "kubelb apply -f seed.yaml                 # kubelb up's server, else the in-process default",
                    "kubelb apply -f manifests/ -R --kubeconfig ~/.kube/config --context prod")),
            Map.entry("diff", List.of(
                    "kubelb diff -f seed.yaml                  # exit 3 when something would change",
                    "kubelb diff -f seed.yaml --context prod   # server-side dry-run apply")),
            Map.entry("status", List.of(
                    "kubelb status",
                    "kubelb status -n tenant-a -o wide",
                    "kubelb status -o name")),
            Map.entry("pools", List.of("kubelb pools", "kubelb pools -o json")),
            Map.entry("advertisements", List.of("kubelb advertisements", "kubelb advertisements -o yaml")),
            Map.entry("migrate", List.of("kubelb migrate --to cilium -f seed.yaml   # exit 3 when cilium refuses or "
                            + "changes something",
                    "kubelb migrate --to cilium -f seed.yaml -o manifests > cilium.yaml")),
            Map.entry("providers", List.of("kubelb providers", "kubelb providers -o json")),
            Map.entry("demo", List.of("kubelb demo", "kubelb demo --manifests > seed.yaml")),
            Map.entry("up", List.of("kubelb up", "export KUBECONFIG=$(kubelb up --print-kubeconfig)")),
            Map.entry("down", List.of("kubelb down")),
            Map.entry("completion", List.of("source <(kubelb completion)",
                    "kubelb completion > /etc/bash_completion.d/kubelb")),
            Map.entry("gen", List.of("kubelb gen --services 10000 > 10k.yaml")));

    private HelpExamples() {
    }

    /**
     * Adds {@code -h/--help}, the examples and the exit codes to the command and every subcommand.
     *
     * @param cl the root command line
     */
    static void install(CommandLine cl) {
        CommandSpec spec = cl.getCommandSpec();
        if (spec.optionsMap().get("--help") == null) {
            spec.addOption(CommandLine.Model.OptionSpec.builder("-h", "--help").usageHelp(true)
                    .description("Show this help and exit.").build());
        }
        List<String> examples = EXAMPLES.get(spec.name());
        if (examples != null) {
            StringBuilder sb = new StringBuilder();
            examples.forEach(e -> sb.append("  ").append(e.replace("%", "%%")).append("%n"));
            spec.usageMessage().footerHeading("%nExamples:%n").footer(sb.toString());
        }
        spec.usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCodes.help());
        cl.getSubcommands().values().forEach(sub -> {
            if (sub.getCommandSpec().parent() == spec) {
                install(sub);
            }
        });
    }
}
