package io.gankit;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Local worker processes for one ordered job list: worker {@code k} of {@code n} is a child JVM (this
 * JVM's java, its options and class path) running the same program on {@link Shard} {@code k/n} of
 * the list, so the workers share the list exactly, and writing its results to its own part file
 * ({@link #partFile}), which the caller merges once all are done. Used by {@code ./gankit modes
 * --workers N}; one JVM per worker because DJL allows one gradient collector per JVM, so workers
 * cannot be threads.
 */
public final class WorkerProcesses {
    private WorkerProcesses() {}

    /**
     * Runs {@code workers} child JVMs at once, each {@code java [this JVM's options] -cp [this class
     * path] mainClass arguments(shard)} with its output on this process's, waits for all of them,
     * and returns the shards whose process failed (exit code not 0), in shard order. If this thread
     * is interrupted while waiting, the children are stopped.
     */
    public static List<Shard> run(
            int workers, String mainClass, Function<Shard, List<String>> arguments)
            throws IOException, InterruptedException {
        List<Shard> shards = Shard.all(workers);
        List<Process> children = new ArrayList<>();
        try {
            for (Shard shard : shards) {
                List<String> command = javaCommand(mainClass);
                command.addAll(arguments.apply(shard));
                children.add(new ProcessBuilder(command).inheritIO().start());
            }
            List<Shard> failed = new ArrayList<>();
            for (int k = 0; k < workers; k++) {
                if (children.get(k).waitFor() != 0) {
                    failed.add(shards.get(k));
                }
            }
            return failed;
        } finally {
            children.stream().filter(Process::isAlive).forEach(Process::destroy);
        }
    }

    /** {@code java}, this JVM's options and {@code -cp} class path, then {@code mainClass}. */
    static List<String> javaCommand(String mainClass) {
        String java = ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        return command;
    }

    /**
     * The part file of {@code shard}'s worker for results that end up in {@code out}: a hidden
     * sibling, {@code .NAME.shard-K-of-N.EXT} (the extension kept, so a reader knows the format).
     */
    public static Path partFile(Path out, Shard shard) {
        String name = out.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String ext = dot > 0 ? name.substring(dot) : "";
        return out.toAbsolutePath()
                .resolveSibling(
                        "." + name + ".shard-" + shard.index() + "-of-" + shard.count() + ext);
    }
}
