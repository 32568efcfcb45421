package dev.kubelb.examples.cli;

import dev.kubelb.api.ConfigurationException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code kubelb} command: plans, applies and inspects L4 load balancers with kubelb-java.
 *
 * <p>Exit codes: {@link ExitCodes} (0 done, 1 unexpected, 2 invalid input or usage, 3 cluster unreachable or
 * refusing, 4 differences), printed by every command's help. Stack traces only with {@code --debug}. Logs go to
 * stderr (WARN, INFO with {@code --verbose}, ERROR only with {@code -q}); stdout carries only the result. Every
 * channel masks secrets ({@link Secrets}).
 */
@Command(name = "kubelb", mixinStandardHelpOptions = true, version = "kubelb-java 0.1.0-SNAPSHOT",
        description = "Plan, apply and inspect Layer-4 load balancers (MetalLB, Cilium, cloud CCMs, "
                + "any provider on the class path).",
        subcommands = {PlanCommand.class, ApplyCommand.class, DiffCommand.class, StatusCommand.class,
                PoolsCommand.class, AdvertisementsCommand.class, MigrateCommand.class, ProvidersCommand.class,
                DemoCommand.class, UpCommand.class, DownCommand.class, CompletionCommand.class, GenCommand.class,
                CommandLine.HelpCommand.class})
public final class KubeLbCli implements Runnable {
    /** Held strongly: java.util.logging forgets the level of a logger nobody references. */
    private static final java.util.logging.Logger MOCK_SERVER_LOG = java.util.logging.Logger.getLogger(
            "io.fabric8.mockwebserver");
    /** Standard input ({@code -f -}); replaceable in tests. */
    InputStream stdin = System.in;
    /** The environment ({@code KUBECONFIG}); replaceable in tests. */
    Map<String, String> env = System.getenv();

    /** Creates the command with the process's stdin and environment. */
    public KubeLbCli() {
    }

    /**
     * @param stdin what {@code -f -} reads
     * @param env the environment ({@code KUBECONFIG} is read from it)
     */
    public KubeLbCli(InputStream stdin, Map<String, String> env) {
        this.stdin = stdin;
        this.env = Map.copyOf(env);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "a command is required (see kubelb --help)");
    }

    /**
     * @param args the arguments
     */
    public static void main(String[] args) {
        // every byte the process prints, logs and stack traces included, goes through the secret mask
        System.setOut(MaskingWriter.wrap(System.out));
        System.setErr(MaskingWriter.wrap(System.err));
        configureLogging(Arrays.asList(args));
        System.exit(commandLine(new KubeLbCli()).execute(args));
    }

    /**
     * @param cli the command object
     * @return a command line with the CLI's exit-code and error conventions
     */
    public static CommandLine commandLine(KubeLbCli cli) {
        CommandLine cl = new CommandLine(cli);
        cl.setExecutionExceptionHandler(KubeLbCli::handle);
        HelpExamples.install(cl);
        return cl;
    }

    private static int handle(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = MaskingWriter.wrap(cmd.getErr());
        boolean debug = cmd.getCommand() instanceof BaseCommand b && b.debug;
        String server = cmd.getCommand() instanceof ClusterCommand c ? c.server : null;
        java.util.Optional<String> cluster = server == null ? java.util.Optional.empty()
                : ClusterFailure.explain(server, ex);
        int code;
        if (cluster.isPresent()) {
            err.println(cluster.get());
            code = ExitCodes.CLUSTER;
        } else if (ex instanceof CliException c) {
            c.lines().forEach(err::println);
            code = c.exitCode();
        } else if (ex instanceof ConfigurationException c) {
            c.problems().forEach(p -> err.println("kubelb: " + p));
            code = ExitCodes.INVALID_INPUT;
        } else {
            String msg = ex.getMessage() == null ? ex.toString() : Documents.firstLine(ex.getMessage());
            err.println("kubelb: error: " + msg + (debug ? "" : " (run with --debug for details)"));
            code = ExitCodes.UNEXPECTED;
        }
        if (debug) {
            ex.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    /**
     * Configures slf4j-simple before the first logger exists: stderr, WARN (INFO with {@code --verbose}).
     *
     * @param args the arguments
     */
    static void configureLogging(List<String> args) {
        boolean verbose = args.contains("--verbose") || args.contains("-v");
        boolean quiet = !verbose && (args.contains("--quiet") || args.contains("-q"));
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : quiet ? "error" : "warn");
        setIfAbsent("org.slf4j.simpleLogger.logFile", "System.err");
        setIfAbsent("org.slf4j.simpleLogger.showThreadName", "false");
        setIfAbsent("org.slf4j.simpleLogger.showShortLogName", "true");
        setIfAbsent("org.slf4j.simpleLogger.levelInBrackets", "true");
        // netty reports connections closing while the embedded server shuts down: harmless, not for users
        setIfAbsent("org.slf4j.simpleLogger.log.io.netty.util.concurrent.DefaultPromise.rejectedExecution", "off");
        if (!verbose) {
            // fabric8 warns once per process that KubeLB's v1alpha1 is "unstable": not news to a CLI user
            setIfAbsent("org.slf4j.simpleLogger.log.io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils", "error");
        }
        // the embedded API server (fabric8's mock web server) logs every request through java.util.logging
        java.util.logging.LogManager.getLogManager().reset();
        java.util.logging.Logger rootJul = java.util.logging.Logger.getLogger("");
        java.util.logging.Level level = verbose ? java.util.logging.Level.INFO
                : quiet ? java.util.logging.Level.SEVERE : java.util.logging.Level.WARNING;
        rootJul.setLevel(level);
        java.util.logging.ConsoleHandler handler = new java.util.logging.ConsoleHandler(); // stderr
        handler.setLevel(level);
        rootJul.addHandler(handler);
        MOCK_SERVER_LOG.setLevel(java.util.logging.Level.SEVERE);
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
