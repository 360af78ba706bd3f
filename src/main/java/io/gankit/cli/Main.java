package io.gankit.cli;

import io.gankit.GankitException;
import io.gankit.engine.Engines;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code ./gankit VERB [flags]}: the kit's command line. */
public final class Main {
    private Main() {}

    /** The verbs, in the order {@code --help} lists them. */
    static Map<String, Command> commands() {
        Map<String, Command> all = new LinkedHashMap<>();
        for (Command c : new Command[] {
            new TrainCommand(),
            new EvaluateCommand(),
            new BenchCommand(),
            new FidCommand(),
            new StatsCommand(),
            new ClassifyCommand(),
            new ModesCommand(),
            new SweepCommand(),
            new MemorisationCommand(),
            new AugmentCommand(),
            new LabCommand(),
            new NotebooksCommand(),
            new DoctorCommand()
        }) {
            all.put(c.name(), c);
        }
        return all;
    }

    public static void main(String[] argv) {
        System.exit(run(argv));
    }

    /**
     * Runs a verb and returns the exit code: 0 done, 2 bad input, 1 any other failure. Cluster
     * engines call it to run a worker inside an executor's JVM ({@code WorkerEngine}).
     */
    public static int run(String[] argv) {
        Map<String, Command> commands = commands();
        if (argv.length == 0
                || argv[0].equals("--help")
                || argv[0].equals("-h")
                || argv[0].equals("help")) {
            if (argv.length > 1 && commands.containsKey(argv[1])) {
                System.out.println(commands.get(argv[1]).usage());
            } else {
                System.out.println(overview(commands));
            }
            return 0;
        }
        Command command = commands.get(argv[0]);
        if (command == null) {
            System.err.println("gankit: unknown verb '" + argv[0] + "'\n\n" + overview(commands));
            return 2;
        }
        String[] rest = Arrays.copyOfRange(argv, 1, argv.length);
        if (Arrays.asList(rest).contains("--help") || Arrays.asList(rest).contains("-h")) {
            System.out.println(command.usage());
            return 0;
        }
        try {
            Args args = command.flags()
                    .parse(rest); // a bad command line fails before the engine starts
            if (command.usesEngine()) {
                Engines.preferThreads(command.preferredThreads());
                Engines.ensure();
            }
            return command.run(args);
        } catch (GankitException e) {
            System.err.println("gankit " + command.name() + ": " + e.getMessage());
            return 2;
        } catch (Exception e) {
            System.err.println("gankit " + command.name() + ": failed");
            e.printStackTrace();
            return 1;
        }
    }

    static String overview(Map<String, Command> commands) {
        StringBuilder sb = new StringBuilder(
                "usage: ./gankit VERB [flags]   (./gankit VERB --help for its flags)\n\nverbs:\n");
        for (Command c : commands.values()) {
            sb.append(String.format("  %-12s %s%n", c.name(), c.summary()));
        }
        sb.append(
                "\nenvironment: GANKIT_DATA (data folder), GANKIT_THREADS (PyTorch intra-op threads),\n"
                        + "             GANKIT_CONV_ROUTE (direct | padded | no-onednn: force a convolution route)\n"
                        + "something looks wrong? ./gankit doctor");
        return sb.toString();
    }
}
