package io.gankit.spark;

import io.gankit.BadInputException;
import io.gankit.GankitException;
import io.gankit.Shard;
import io.gankit.WorkerEngine;
import java.io.IOException;
import java.io.Serializable;
import java.lang.reflect.InvocationTargetException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The kit's workers as Spark tasks: one task per job (a sweep's run, a mode-collapse job), each
 * running the verb's worker command line ({@code VERB ... --shard K/N}) inside an executor with the
 * kit's own code, writing where the verb told it (a path every worker sees). A task that fails is
 * retried by Spark; a retried sweep run finds its folder interrupted and resumes from its newest
 * checkpoint, and a task lost with its executor (a worker killed) is run again elsewhere.
 *
 * <p>Settings are Spark's own ({@code spark.*} system properties, e.g. {@code
 * GANKIT_JAVA_OPTS=-Dspark.executor.memory=4g}, or those of {@code spark-submit}); where they are
 * not given: one core per executor and per task (DJL allows one gradient collector per JVM, so an
 * executor runs one task at a time, on {@code spark.task.cpus} engine threads), 2 GiB executors,
 * and the kit's jars (the folder of the jar that holds the main class, {@code lib/}) shipped to the
 * executors unless {@code spark.jars} or {@code spark.executor.extraClassPath} says where they are.
 */
public final class SparkWorkers implements WorkerEngine {
    /** Registered in {@code META-INF/services}: {@code --engine spark}. */
    public static final class Provider implements WorkerEngine.Provider {
        @Override
        public String name() {
            return "spark";
        }

        @Override
        public WorkerEngine create(String master) {
            return new SparkWorkers(master);
        }
    }

    private static final Pattern LOCAL_THREADS = Pattern.compile("local\\[(\\d+|\\*)(,\\d+)?]");

    private final String master;

    /** @param master the cluster's address; null: {@code spark.master} as Spark's settings give it */
    public SparkWorkers(String master) {
        this.master = master;
    }

    /** One task per job: Spark spreads them over the executors and retries each on its own. */
    @Override
    public int shards(int jobs) {
        return jobs;
    }

    @Override
    public List<Shard> run(int shards, String mainClass, Function<Shard, List<String>> arguments) {
        SparkConf conf = configure(new SparkConf(true), master, mainClass);
        List<Work> work = new ArrayList<>();
        for (Shard k : Shard.all(shards)) {
            work.add(new Work(k.index(), k.count(), List.copyOf(arguments.apply(k))));
        }
        int attempts = conf.getInt("spark.task.maxFailures", 4);
        List<Done> done;
        try (JavaSparkContext spark = new JavaSparkContext(conf)) {
            spark.setLogLevel(System.getProperty("gankit.spark.logLevel", "WARN"));
            System.out.printf(
                    "spark: %d tasks on %s (%s executor cores, %s task cpus, up to %d attempts each)%n",
                    shards,
                    conf.get("spark.master"),
                    conf.get("spark.executor.cores"),
                    conf.get("spark.task.cpus"),
                    attempts);
            done = spark.parallelize(work, Math.max(1, shards))
                    .map(new RunWorker(mainClass, attempts))
                    .collect();
        } catch (Exception e) { // SparkException: checked in Java, thrown unchecked from Scala
            throw new GankitException("the Spark job failed (" + e.getMessage()
                    + "); finished runs are kept, run it again to resume");
        }
        return done.stream()
                .filter(d -> d.exitCode() != 0)
                .map(d -> new Shard(d.index(), shards))
                .toList();
    }

    /**
     * Spark's settings with the kit's defaults where they are missing; refuses settings under which
     * two tasks would share an executor's JVM.
     */
    static SparkConf configure(SparkConf conf, String master, String mainClass) {
        if (master != null) {
            conf.setMaster(master);
        }
        if (!conf.contains("spark.master")) {
            throw new BadInputException("--engine spark without --master: give the cluster's"
                    + " address (spark://HOST:7077) or run under spark-submit (YARN, Kubernetes:"
                    + " docs/spark.md)");
        }
        Matcher local = LOCAL_THREADS.matcher(conf.get("spark.master"));
        if (local.matches() && !local.group(1).equals("1")) {
            throw new BadInputException("--master " + conf.get("spark.master")
                    + ": Spark's local mode runs tasks as threads of one JVM, and the engine allows"
                    + " one training per JVM; use local[1], or a standalone master and workers on"
                    + " this machine (docs/spark.md)");
        }
        conf.setIfMissing("spark.app.name", "gankit");
        conf.setIfMissing("spark.task.cpus", "1");
        conf.setIfMissing("spark.executor.cores", conf.get("spark.task.cpus"));
        conf.setIfMissing("spark.executor.memory", "2g");
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        int cores = conf.getInt("spark.executor.cores", 1);
        int cpus = conf.getInt("spark.task.cpus", 1);
        if (cores != cpus) {
            throw new BadInputException("spark.executor.cores " + cores + " with spark.task.cpus "
                    + cpus + ": an executor must run one task at a time (the engine allows one"
                    + " training per JVM); give them the same value");
        }
        String options = "-Xss4m -Djava.awt.headless=true -Dai.djl.pytorch.num_threads=" + cpus
                + (Boolean.getBoolean("ai.djl.offline") ? " -Dai.djl.offline=true" : "");
        conf.set(
                "spark.executor.extraJavaOptions",
                (conf.get("spark.executor.extraJavaOptions", "") + " " + options).strip());
        if (!conf.contains("spark.jars") && !conf.contains("spark.executor.extraClassPath")) {
            List<String> jars = new ArrayList<>(kitJars(mainClass));
            jarOf(SparkWorkers.class).ifPresent(jar -> jars.add(jar.toString()));
            if (!jars.isEmpty()) {
                conf.set("spark.jars", String.join(",", jars));
                // a cluster's Spark brings older copies of some of the kit's jars (gson 2.10)
                conf.setIfMissing("spark.executor.userClassPathFirst", "true");
            }
        }
        return conf;
    }

    /**
     * The jars beside the one that holds {@code mainClass} (the kit's {@code lib/}), or none when it
     * is no jar.
     */
    static List<String> kitJars(String mainClass) {
        try {
            Optional<Path> jar = jarOf(Class.forName(mainClass));
            if (jar.isEmpty()) {
                return List.of();
            }
            try (Stream<Path> files = Files.list(jar.get().getParent())) {
                return files.filter(f -> f.getFileName().toString().endsWith(".jar"))
                        .map(f -> f.toAbsolutePath().toString())
                        .sorted()
                        .toList();
            }
        } catch (ClassNotFoundException | IOException e) {
            throw new GankitException("cannot list the kit's jars beside " + mainClass + ": " + e);
        }
    }

    /** The jar {@code c} was loaded from, if it came from one. */
    private static Optional<Path> jarOf(Class<?> c) {
        try {
            Path where = Path.of(
                    c.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(where)
                    ? Optional.of(where.toAbsolutePath())
                    : Optional.empty();
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Shard {@code index} of {@code count} and its worker's command line. */
    record Work(int index, int count, List<String> argv) implements Serializable {}

    /** How shard {@code index}'s worker ended on its last attempt. */
    record Done(int index, int exitCode) implements Serializable {}

    /**
     * One task: the worker's command line run by {@code mainClass}'s {@code run(String[])} in the
     * executor's JVM. A failure throws, so Spark retries it, until the last attempt, which reports
     * the exit code instead so that the other shards' work is kept.
     */
    static final class RunWorker
            implements org.apache.spark.api.java.function.Function<Work, Done> {
        private static final long serialVersionUID = 1L;
        private final String mainClass;
        private final int attempts;

        RunWorker(String mainClass, int attempts) {
            this.mainClass = mainClass;
            this.attempts = attempts;
        }

        @Override
        public Done call(Work work) throws Exception {
            int code;
            try {
                code = (Integer) Class.forName(
                                mainClass, true, Thread.currentThread().getContextClassLoader())
                        .getMethod("run", String[].class)
                        .invoke(null, (Object) work.argv().toArray(new String[0]));
            } catch (InvocationTargetException e) {
                throw new GankitException(
                        "worker " + work.index() + "/" + work.count() + " failed: " + e.getCause());
            }
            TaskContext task = TaskContext.get();
            int attempt = task == null ? 0 : task.attemptNumber();
            if (code != 0 && attempt + 1 < attempts) {
                throw new GankitException("worker " + work.index() + "/" + work.count()
                        + " exited with code " + code + " (attempt " + (attempt + 1) + " of "
                        + attempts + "; Spark retries it)");
            }
            return new Done(work.index(), code);
        }
    }
}
