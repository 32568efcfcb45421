package dev.kubelb.examples.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;

/**
 * {@code kubelb completion}: a bash (and zsh, through bashcompinit) completion script generated from the command
 * model by picocli's {@link AutoComplete}: every command, option and enum value as the CLI defines them.
 */
@Command(name = "completion", description = "Print a bash/zsh completion script generated from the command model: "
        + "source <(kubelb completion).")
final class CompletionCommand extends BaseCommand {
    @Override
    public Integer call() {
        out().print(AutoComplete.bash("kubelb", spec.root().commandLine()));
        out().flush();
        return ExitCodes.OK;
    }
}
