package io.gankit.cli;

import io.gankit.BadInputException;
import io.gankit.Shard;
import io.gankit.WorkerEngine;
import io.gankit.data.DataFolder;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A verb's flags, each declared once ({@link Flag}), and the arguments it takes besides them: the one
 * declaration that both parses the command line ({@link #parse}) and prints the verb's help
 * ({@link #usage}). Parsing refuses an unknown flag (suggesting a near one), a flag without its
 * value, a value of the wrong kind, a missing required flag and a wrong number of arguments, each
 * with a message that names what was given and what was expected.
 */
public final class Flags {
    /** Width the help's flag lines are wrapped to. */
    static final int WIDTH = 100;

    private final List<Flag<?>> flags;
    private final String arguments;
    private final int minArguments;
    private final int maxArguments;

    private Flags(List<Flag<?>> flags, String arguments, int minArguments, int maxArguments) {
        Set<String> names = new HashSet<>();
        for (Flag<?> f : flags) {
            if (!names.add(f.name())) {
                throw new IllegalArgumentException("flag --" + f.name() + " declared twice");
            }
        }
        this.flags = List.copyOf(flags);
        this.arguments = arguments;
        this.minArguments = minArguments;
        this.maxArguments = maxArguments;
    }

    /** These flags, in the order the help lists them, and no arguments besides. */
    public static Flags of(Flag<?>... flags) {
        return new Flags(List.of(flags), "", 0, 0);
    }

    /**
     * The same flags, and {@code min} to {@code max} arguments besides them ({@code Integer.MAX_VALUE}:
     * any number), named {@code synopsis} in the usage line: "REAL GENERATED", "[NOTEBOOK.ipynb ...]".
     */
    public Flags withArguments(String synopsis, int min, int max) {
        return new Flags(flags, synopsis, min, max);
    }

    /** The {@code --data DIR} flag of the verbs that read the data folder; {@code help} says what for. */
    public static Flag<Path> data(String help) {
        return Flag.path("data", "DIR", help)
                .shownAs("$" + DataFolder.ENV + ", else ~/.gankit/data");
    }

    /**
     * The {@code --workers N} flag of the verbs that spread their work over worker processes
     * ({@code WorkerProcesses}); {@code help} says what runs in them.
     */
    public static Flag<Integer> workers(String help) {
        return Flag.whole("workers", "N", help)
                .defaultsTo(1)
                .atLeast(1)
                .also("2 on a 2-core machine");
    }

    /**
     * The {@code --engine NAME} flag of the verbs whose workers can run on a cluster: {@code local}
     * child JVMs ({@code --workers}) or {@code spark} (built apart, {@code lib-spark/}).
     */
    public static Flag<String> engine() {
        return Flag.choice(
                        "engine",
                        "NAME",
                        List.of(WorkerEngine.LOCAL, "spark"),
                        "where the workers run: local processes, or one Spark task per job on the"
                                + " cluster at --master (the paths given must be ones every"
                                + " worker sees)")
                .defaultsTo(WorkerEngine.LOCAL);
    }

    /** The {@code --master URL} flag that goes with {@link #engine()}. */
    public static Flag<String> master() {
        return Flag.text(
                        "master",
                        "URL",
                        "the cluster for --engine spark: spark://HOST:7077 or local[1]; on YARN or"
                                + " Kubernetes, run under spark-submit (docs/spark.md)")
                .shownAs("spark.master, e.g. from spark-submit or -Dspark.master");
    }

    /**
     * The worker engine a verb's command line asks for: {@code --engine} with its {@code --master},
     * or {@code --workers} local processes.
     */
    static WorkerEngine engine(
            Args args, Flag<String> engine, Flag<String> master, Flag<Integer> workers) {
        String name = args.get(engine);
        if (!name.equals(WorkerEngine.LOCAL) && args.has(workers)) {
            throw new BadInputException("--workers with --engine " + name
                    + ": the cluster decides how many run at once; leave --workers out");
        }
        if (name.equals(WorkerEngine.LOCAL) && args.has(master)) {
            throw new BadInputException(
                    "--master " + args.get(master) + " without --engine spark: give both");
        }
        return WorkerEngine.named(
                name, args.get(workers), args.has(master) ? args.get(master) : null);
    }

    /** The {@code --shard K/N} flag a worker is started with: its share of the ordered {@code items}. */
    public static Flag<Shard> shard(String items) {
        return Flag.of(
                        "shard",
                        "K/N",
                        new Flag.Type<>(Shard.EXPECTED, Shard::parse, Shard::toString),
                        "only " + items + " K, K+N, K+2N, ... (from 0) of the ordered list; "
                                + "--workers uses it")
                .defaultsTo(Shard.ALL)
                .also("all " + items);
    }

    /** The flags, in declaration order. */
    public List<Flag<?>> all() {
        return flags;
    }

    /** The flag called {@code name}, or null. */
    public Flag<?> named(String name) {
        return flags.stream().filter(f -> f.name().equals(name)).findFirst().orElse(null);
    }

    /**
     * Reads {@code argv}: {@code --name value}, {@code --name=value}, a switch alone ({@code --quick})
     * or with {@code =true|false}; anything else is an argument, and so is everything after {@code --}.
     * A flag given twice takes its last value.
     */
    public Args parse(String... argv) {
        Map<Flag<?>, Object> values = new IdentityHashMap<>();
        Map<Flag<?>, String> texts = new LinkedHashMap<>();
        List<String> args = new ArrayList<>();
        boolean onlyArguments = false;
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            if (onlyArguments) {
                args.add(a);
            } else if (a.equals("--")) {
                onlyArguments = true;
            } else if (a.startsWith("--")) {
                String body = a.substring(2);
                int eq = body.indexOf('=');
                String name = eq >= 0 ? body.substring(0, eq) : body;
                Flag<?> flag = named(name);
                if (flag == null) {
                    throw unknown(a.substring(0, eq >= 0 ? eq + 2 : a.length()));
                }
                String text;
                if (eq >= 0) {
                    text = body.substring(eq + 1);
                } else if (flag.isSwitch()) {
                    text = "true";
                } else if (i + 1 < argv.length && !isFlag(argv[i + 1])) {
                    text = argv[++i];
                } else {
                    throw new BadInputException("--" + name + " needs a value: " + flag.value()
                            + ", " + flag.type().expected()
                            + (i + 1 < argv.length ? "; got the flag " + argv[i + 1] : ""));
                }
                texts.remove(flag); // the last one given comes last when passed on
                values.put(flag, flag.read(text));
                texts.put(flag, text);
            } else if (a.length() > 1 && a.charAt(0) == '-' && Character.isLetter(a.charAt(1))) {
                throw new BadInputException(
                        "unknown flag " + a + "; flags start with two dashes (see --help)");
            } else {
                args.add(a);
            }
        }
        for (Flag<?> f : flags) {
            if (f.isRequired() && !values.containsKey(f)) {
                throw new BadInputException(f.synopsis() + " is required: " + f.help());
            }
        }
        if (args.size() < minArguments || args.size() > maxArguments) {
            if (maxArguments == 0) {
                throw new BadInputException("unexpected argument '" + args.get(0)
                        + "': this verb takes flags only (see --help)");
            }
            String count = minArguments == maxArguments
                    ? Integer.toString(minArguments)
                    : maxArguments == Integer.MAX_VALUE
                            ? "at least " + minArguments
                            : minArguments + " to " + maxArguments;
            throw new BadInputException(args.size() + " argument(s) given"
                    + (args.isEmpty() ? "" : " (" + String.join(" ", args) + ")") + "; expected "
                    + count + ": " + arguments + " (see --help)");
        }
        return new Args(this, values, texts, args);
    }

    private static boolean isFlag(String token) {
        return token.startsWith("--") && token.length() > 2;
    }

    private BadInputException unknown(String given) {
        String name = given.substring(2);
        Flag<?> near = null;
        int best = Integer.MAX_VALUE;
        for (Flag<?> f : flags) {
            int d = f.name().startsWith(name) || name.startsWith(f.name())
                    ? 1
                    : distance(name, f.name());
            if (d < best) {
                best = d;
                near = f;
            }
        }
        if (near != null && best <= Math.max(1, Math.min(2, name.length() / 3))) {
            return new BadInputException(
                    "unknown flag " + given + "; did you mean --" + near.name() + "? (see --help)");
        }
        return new BadInputException("unknown flag " + given + "; the flags here are "
                + flags.stream().map(f -> "--" + f.name()).collect(Collectors.joining(", "))
                + " (see --help)");
    }

    /** Edit distance (insertions, deletions, substitutions). */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /**
     * The verb's help: the usage line (its arguments and required flags), {@code description}, then one
     * line per flag with its help and default, wrapped to {@value #WIDTH} columns.
     */
    public String usage(String verb, String description) {
        StringBuilder sb = new StringBuilder("usage: ./gankit ").append(verb);
        if (!arguments.isEmpty()) {
            sb.append(' ').append(arguments);
        }
        for (Flag<?> f : flags) {
            if (f.isRequired()) {
                sb.append(' ').append(f.synopsis());
            }
        }
        sb.append(" [flags]\n");
        if (description != null && !description.isBlank()) {
            sb.append(description.strip()).append('\n');
        }
        sb.append('\n');
        int column = flags.stream().mapToInt(f -> f.synopsis().length()).max().orElse(0) + 4;
        for (Flag<?> f : flags) {
            String text = f.help();
            String d = f.isRequired() ? "required" : f.defaultText();
            if (d != null) {
                text += (f.isRequired() ? " (" : " (default ") + d + ")";
            }
            String head = "  " + f.synopsis();
            sb.append(head).append(" ".repeat(column - head.length()));
            int at = column;
            boolean first = true;
            for (String word : text.split(" ")) {
                if (!first && at + 1 + word.length() > WIDTH) {
                    sb.append('\n').append(" ".repeat(column));
                    at = column;
                    first = true;
                }
                if (!first) {
                    sb.append(' ');
                    at++;
                }
                sb.append(word);
                at += word.length();
                first = false;
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
