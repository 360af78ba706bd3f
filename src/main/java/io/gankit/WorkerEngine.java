package io.gankit;

import java.io.IOException;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * What runs a verb's workers. A worker is the verb's own command line for one {@link Shard} of its
 * ordered job list ({@code VERB ... --shard K/N}), run by the program's {@code mainClass} in a JVM
 * that has the kit; it writes its results where the verb told it (run folders, a part file), and
 * the verb reads them back. Local child JVMs by default ({@link WorkerProcesses}); a cluster engine
 * (Apache Spark, built apart into {@code lib-spark/}) is found by name among the
 * {@link Provider}s on the class path.
 */
public interface WorkerEngine {
    /** The engine {@code --engine} names when it is not given. */
    String LOCAL = "local";

    /**
     * How many shards a list of {@code jobs} is cut into: as many as there are local workers, or one
     * per job on a cluster, whose engine spreads and retries them one by one.
     */
    int shards(int jobs);

    /**
     * Runs the worker of each of the {@code shards} shards, {@code mainClass} with {@code
     * arguments(shard)}, waits for all, and returns the shards whose worker failed, in shard order.
     * {@code mainClass} has {@code public static int run(String[])} (returning an exit code) beside
     * its {@code main}, for engines that run workers inside a JVM they keep.
     */
    List<Shard> run(int shards, String mainClass, Function<Shard, List<String>> arguments)
            throws IOException, InterruptedException;

    /** {@code workers} local child JVMs at once, a shard each. */
    static WorkerEngine local(int workers) {
        return new WorkerEngine() {
            @Override
            public int shards(int jobs) {
                return workers;
            }

            @Override
            public List<Shard> run(
                    int shards, String mainClass, Function<Shard, List<String>> arguments)
                    throws IOException, InterruptedException {
                return WorkerProcesses.run(shards, mainClass, arguments);
            }
        };
    }

    /**
     * The engine called {@code name}: {@value #LOCAL} ({@code workers} child JVMs) or one of the
     * {@link Provider}s on the class path, given {@code master} (its cluster's address, or null
     * for the engine's own default).
     */
    static WorkerEngine named(String name, int workers, String master) {
        if (name.equals(LOCAL)) {
            return local(workers);
        }
        for (Provider p : ServiceLoader.load(Provider.class)) {
            if (p.name().equals(name)) {
                return p.create(master);
            }
        }
        throw new BadInputException("--engine " + name + ": not on the class path; the engines"
                + " are " + LOCAL
                + " and, once built (./mvnw -q -B install -DskipTests && ./mvnw -q -B"
                + " -f spark/pom.xml -DskipTests package; ./gankit adds lib-spark/ for --engine"
                + " spark), spark");
    }

    /** A cluster engine, found by {@link #named} through {@link ServiceLoader}. */
    interface Provider {
        /** What {@code --engine} calls it. */
        String name();

        /** The engine for the cluster at {@code master} (null: the engine's own default). */
        WorkerEngine create(String master);
    }
}
