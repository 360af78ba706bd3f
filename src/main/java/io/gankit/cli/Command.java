package io.gankit.cli;

/**
 * One verb of {@code ./gankit}: {@code train}, {@code bench}, {@code fid}, ... It declares its flags
 * once ({@link #flags()}); {@link Main} parses the command line with them and prints the verb's help
 * from them, so the two cannot disagree.
 */
public interface Command {
    /** The verb, as typed after {@code ./gankit}. */
    String name();

    /** One line for the overview of {@code ./gankit --help}. */
    String summary();

    /** What the verb does, printed under the usage line of its help. */
    String description();

    /** The verb's flags and arguments, each declared once. */
    Flags flags();

    /** The full help of the verb: usage line, description, then one line per flag with its default. */
    default String usage() {
        return flags().usage(name(), description());
    }

    /**
     * Whether the verb computes with the engine; then {@link Main} starts and checks it first
     * ({@link io.gankit.engine.Engines#ensure()}), the same way for every verb.
     */
    default boolean usesEngine() {
        return true;
    }

    /**
     * Intra-op threads this verb runs best with when the user has not chosen ({@code GANKIT_THREADS});
     * 0 leaves the engine's default, one per core.
     */
    default int preferredThreads() {
        return 0;
    }

    /**
     * Runs the verb on a command line read by its {@link #flags()}.
     *
     * @return the process exit code (0 for success)
     */
    int run(Args args) throws Exception;
}
