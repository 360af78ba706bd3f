package io.gankit.lab;

import ai.djl.ndarray.NDManager;

import io.gankit.AtomicFiles;
import io.gankit.BadInputException;
import io.gankit.data.ImageSet;
import io.gankit.metrics.DomainClassifier;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The job list of the mode-collapse benchmark ({@code ./gankit modes}): one {@link Job} per (data
 * set, model, seed) in table order, running a list of them, and the CSV files their
 * {@link ModeBenchmark.Run runs} go to. A list can be split into {@link io.gankit.Shard shards} and
 * run by {@link io.gankit.WorkerProcesses}; {@link #inJobOrder} puts the workers' runs back in
 * table order.
 */
public final class ModeJobs {
    /** The benchmark's data sets, in table order. */
    public static final List<String> DATA = List.of("ring", "grid", "stacked-mnist");

    /** Seeds per model and data set of the full benchmark. */
    public static final int SEEDS = 5;

    /** Seeds per model and data set of the quick smoke test. */
    public static final int QUICK_SEEDS = 2;

    /** Seed of the stacked-MNIST training images, the same for every job. */
    public static final long STACKED_IMAGES_SEED = 2017;

    private ModeJobs() {}

    /** One (data set, model, seed) of the benchmark. */
    public record Job(String data, ModeBenchmark.Model model, long seed) {
        /** {@code data/model/seed}: names the job, and matches {@link #key(ModeBenchmark.Run)} of its run. */
        public String key() {
            return key(data, model.name(), seed);
        }

        /** The key of the job that made {@code run}. */
        public static String key(ModeBenchmark.Run run) {
            return key(run.data(), run.model(), run.seed());
        }

        private static String key(String data, String model, long seed) {
            return data + "/" + model + "/" + seed;
        }

        /** Whether the job trains on stacked MNIST (else on a 2-D mixture). */
        public boolean stacked() {
            return data.equals("stacked-mnist");
        }
    }

    /**
     * Every job in table order: ring, grid, stacked MNIST (those of {@code data}); each one's models
     * in their list order; seeds 1 to {@code seeds}. {@code models} null means the default models
     * ({@link ModeBenchmark#MIXTURE_MODELS}, {@link ModeBenchmark#STACKED_MODELS}); named models may
     * also be optional ones. Throws {@link BadInputException} naming an unknown data set, or a model
     * that matches no job, with the known ones.
     */
    public static List<Job> list(List<String> data, List<String> models, int seeds) {
        for (String d : data) {
            if (!DATA.contains(d)) {
                throw new BadInputException(
                        "data set '" + d + "' is not in the benchmark; expected some of " + DATA);
            }
        }
        if (seeds < 1) {
            throw new BadInputException(seeds + " seeds; expected at least 1");
        }
        List<Job> jobs = new ArrayList<>();
        for (String d : DATA) {
            if (!data.contains(d)) {
                continue;
            }
            boolean stacked = d.equals("stacked-mnist");
            List<ModeBenchmark.Model> candidates = new ArrayList<>(
                    stacked ? ModeBenchmark.STACKED_MODELS : ModeBenchmark.MIXTURE_MODELS);
            if (models != null) {
                candidates.addAll(
                        stacked
                                ? ModeBenchmark.OPTIONAL_STACKED_MODELS
                                : ModeBenchmark.OPTIONAL_MIXTURE_MODELS);
                candidates.removeIf(m -> !models.contains(m.name()));
            }
            for (ModeBenchmark.Model model : candidates) {
                for (long seed = 1; seed <= seeds; seed++) {
                    jobs.add(new Job(d, model, seed));
                }
            }
        }
        if (models != null) {
            for (String name : models) {
                if (jobs.stream().noneMatch(j -> j.model().name().equals(name))) {
                    throw new BadInputException(
                            "model '" + name + "' does not run on " + String.join(", ", data)
                                    + "; the models there: " + String.join(", ", models(data)));
                }
            }
        }
        return jobs;
    }

    /** Every model name of the benchmark, default and optional: the 2-D mixtures' first, then stacked MNIST's. */
    public static List<String> knownModels() {
        return models(DATA);
    }

    /** The model names, default and optional, that run on any of {@code data}. */
    public static List<String> models(List<String> data) {
        List<ModeBenchmark.Model> all = new ArrayList<>();
        if (data.contains("ring") || data.contains("grid")) {
            all.addAll(ModeBenchmark.MIXTURE_MODELS);
            all.addAll(ModeBenchmark.OPTIONAL_MIXTURE_MODELS);
        }
        if (data.contains("stacked-mnist")) {
            all.addAll(ModeBenchmark.STACKED_MODELS);
            all.addAll(ModeBenchmark.OPTIONAL_STACKED_MODELS);
        }
        return all.stream().map(ModeBenchmark.Model::name).distinct().toList();
    }

    /**
     * Runs {@code jobs} with settings {@code s}: the mixture jobs, then the stacked-MNIST ones, which
     * share one set of stacked images made from {@code mnist} and one {@code judge} (both asked for
     * only when a stacked job is in the list). Each finished run goes to {@code done} at once, so a
     * caller can save it before the next job starts.
     */
    public static void run(
            List<Job> jobs,
            ModeBenchmark.Settings s,
            Supplier<ImageSet> mnist,
            Function<ImageSet, DomainClassifier> judge,
            Consumer<ModeBenchmark.Run> done,
            NDManager manager) {
        for (Job job : jobs) {
            if (!job.stacked()) {
                done.accept(ModeBenchmark.runMixture(
                        GaussianMixture.named(job.data()), job.model(), job.seed(), s, manager));
            }
        }
        List<Job> stackedJobs = jobs.stream().filter(Job::stacked).toList();
        if (stackedJobs.isEmpty()) {
            return;
        }
        ImageSet digits = mnist.get();
        try (DomainClassifier j = judge.apply(digits)) {
            ImageSet stacked = StackedMnist.create(digits, s.stackedImages(), STACKED_IMAGES_SEED);
            for (Job job : stackedJobs) {
                done.accept(
                        ModeBenchmark.runStacked(stacked, j, job.model(), job.seed(), s, manager));
            }
        }
    }

    /** {@code runs} sorted into the order of their jobs in {@code jobs}; runs of no job first. */
    public static List<ModeBenchmark.Run> inJobOrder(List<Job> jobs, List<ModeBenchmark.Run> runs) {
        Map<String, Integer> order = new HashMap<>();
        for (int i = 0; i < jobs.size(); i++) {
            order.put(jobs.get(i).key(), i);
        }
        List<ModeBenchmark.Run> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparingInt(r -> order.getOrDefault(Job.key(r), -1)));
        return sorted;
    }

    /** The runs of the per-run CSVs among {@code files} that exist (see {@link #runsFile}). */
    public static List<ModeBenchmark.Run> readRuns(List<Path> files) throws IOException {
        List<ModeBenchmark.Run> runs = new ArrayList<>();
        for (Path file : files) {
            if (Files.exists(file)) {
                runs.addAll(ModeBenchmark.parseRuns(Files.readString(file), file.toString()));
            }
        }
        return runs;
    }

    /**
     * Writes the summary CSV {@code summary} and the per-run CSV beside it ({@link #runsFile}),
     * each atomically: a benchmark stopped half-way leaves the runs it finished.
     */
    public static void write(List<ModeBenchmark.Run> runs, Path summary) {
        AtomicFiles.writeString(runsFile(summary), ModeBenchmark.runsCsv(runs));
        AtomicFiles.writeString(summary, ModeBenchmark.summaryCsv(ModeBenchmark.summarise(runs)));
    }

    /** Where the per-run rows of summary CSV {@code summary} go: {@code NAME-runs.EXT} beside it. */
    public static Path runsFile(Path summary) {
        String name = summary.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String sibling =
                dot > 0 ? name.substring(0, dot) + "-runs" + name.substring(dot) : name + "-runs";
        return summary.resolveSibling(sibling);
    }
}
