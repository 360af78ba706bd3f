package io.gankit.cli;

/** One verb of {@code ./gankit}: {@code train}, {@code bench}, {@code fid}, ... */
public interface Command {
    /** The verb, as typed after {@code ./gankit}. */
    String name();

    /** One line for the overview of {@code ./gankit --help}. */
    String summary();

    /** The full help of the verb: usage line, then one line per flag with its default. */
    String usage();

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
     * Runs the verb.
     *
     * @return the process exit code (0 for success)
     */
    int run(Args args) throws Exception;
}
