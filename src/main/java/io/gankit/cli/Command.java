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
     * Runs the verb.
     *
     * @return the process exit code (0 for success)
     */
    int run(Args args) throws Exception;
}
