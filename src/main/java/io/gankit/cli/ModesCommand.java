package io.gankit.cli;

import ai.djl.ndarray.NDManager;

import io.gankit.BadInputException;
import io.gankit.Shard;
import io.gankit.WorkerEngine;
import io.gankit.WorkerProcesses;
import io.gankit.data.DataFolder;
import io.gankit.data.Datasets;
import io.gankit.data.ImageSet;
import io.gankit.lab.ModeBenchmark;
import io.gankit.lab.ModeJobs;
import io.gankit.metrics.DomainClassifier;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./gankit modes}: the mode-collapse results table. Every lab model is trained on the ring
 * and the grid over several seeds, and DCGAN and PacDCGAN2 on stacked MNIST; the mean
 * and standard deviation of modes covered, high-quality share and reverse KL are written as CSV
 * and printed beside the published numbers of VEEGAN and PacGAN.
 */
public final class ModesCommand implements Command {
    private static final ModeBenchmark.Settings FULL = ModeBenchmark.Settings.full();
    private static final ModeBenchmark.Settings QUICK_SETTINGS = ModeBenchmark.Settings.quick();

    static final Flag<Integer> SEEDS = Flag.whole("seeds", "N", "seeds per model and data set")
            .defaultsTo(ModeJobs.SEEDS)
            .atLeast(1)
            .also(ModeJobs.QUICK_SEEDS + " with --quick");
    static final Flag<Long> STEPS = Flag.wholeLong("steps", "N", "generator steps on ring and grid")
            .defaultsTo(FULL.mixtureSteps())
            .atLeast(1)
            .also(QUICK_SETTINGS.mixtureSteps() + " with --quick");
    static final Flag<Long> STACKED_STEPS = Flag.wholeLong(
                    "stacked-steps", "N", "generator steps on stacked MNIST")
            .defaultsTo(FULL.stackedSteps())
            .atLeast(1)
            .also(QUICK_SETTINGS.stackedSteps() + " with --quick");
    static final Flag<Path> OUT = Flag.path(
                    "out", "FILE", "summary CSV; per-run rows go to FILE with -runs")
            .defaultsTo(Path.of("results", "modes.csv"));
    static final Flag<List<String>> ONLY = Flag.list(
                    "only", "LIST", ModeJobs.DATA, "data sets to run, comma-separated")
            .defaultsTo(ModeJobs.DATA);
    static final Flag<List<String>> MODELS = Flag.list(
                    "models", "LIST", ModeJobs.knownModels(), "models to run, comma-separated")
            .shownAs(names(ModeBenchmark.MIXTURE_MODELS) + " on ring and grid, "
                    + names(ModeBenchmark.STACKED_MODELS) + " on stacked MNIST; also "
                    + names(ModeBenchmark.OPTIONAL_MIXTURE_MODELS)
                    + ", " + names(ModeBenchmark.OPTIONAL_STACKED_MODELS));
    static final Flag<Integer> WORKERS = Flags.workers(
            "run the jobs in N worker processes of one engine thread each; their rows are merged into one table");
    static final Flag<String> ENGINE = Flags.engine();
    static final Flag<String> MASTER = Flags.master();
    static final Flag<Shard> SHARD = Flags.shard("jobs");
    static final Flag<Path> CACHE = Flag.path(
                    "cache",
                    "DIR",
                    "where the stacked-MNIST judge, the kit's MNIST "
                            + "classifier, is kept (shared with ./gankit classify)")
            .defaultsTo(DomainClassifier.defaultCache());
    static final Flag<Path> DATA = Flags.data("data folder with mnist/");
    static final Flag<Boolean> QUICK = Flag.toggle(
            "quick",
            "a smoke test for CI: few steps, " + ModeJobs.QUICK_SEEDS
                    + " seeds, a small stacked-MNIST judge");

    static final Flags FLAGS = Flags.of(
            SEEDS,
            STEPS,
            STACKED_STEPS,
            OUT,
            ONLY,
            MODELS,
            WORKERS,
            ENGINE,
            MASTER,
            SHARD,
            CACHE,
            DATA,
            QUICK);

    @Override
    public String name() {
        return "modes";
    }

    @Override
    public String summary() {
        return "mode-collapse benchmark: GAN, PacGAN, minibatch-std, WGAN-GP on ring, grid, stacked MNIST vs the papers";
    }

    @Override
    public String description() {
        return """
                Trains every lab model on the ring and the grid over several seeds, and DCGAN and PacDCGAN2
                on stacked MNIST; writes the mean and standard deviation of modes covered, high-quality
                share and reverse KL as CSV and prints them beside the published numbers of VEEGAN and
                PacGAN.""";
    }

    @Override
    public Flags flags() {
        return FLAGS;
    }

    private static String names(List<ModeBenchmark.Model> models) {
        return String.join(", ", models.stream().map(ModeBenchmark.Model::name).toList());
    }

    /**
     * These networks are small: one engine thread is faster than several, and on a shared machine
     * several threads per process busy-wait each other into a crawl (measured: 400 ms a step with
     * 2 threads beside other jobs, 15 ms with 1).
     */
    @Override
    public int preferredThreads() {
        return 1;
    }

    @Override
    public int run(Args args) throws Exception {
        boolean quick = args.get(QUICK);
        ModeBenchmark.Settings base = quick ? QUICK_SETTINGS : FULL;
        int seeds = quick ? args.getOr(SEEDS, ModeJobs.QUICK_SEEDS) : args.get(SEEDS);
        long steps = quick ? args.getOr(STEPS, base.mixtureSteps()) : args.get(STEPS);
        long stackedSteps =
                quick ? args.getOr(STACKED_STEPS, base.stackedSteps()) : args.get(STACKED_STEPS);
        Path out = args.get(OUT);
        List<String> only = args.get(ONLY);
        Path cache = args.get(CACHE);
        int workers = args.get(WORKERS);
        Shard shard = args.get(SHARD);
        WorkerEngine engine = Flags.engine(args, ENGINE, MASTER, WORKERS);
        boolean inWorkers = workers > 1 || !args.get(ENGINE).equals(WorkerEngine.LOCAL);
        if (inWorkers && !shard.isAll()) {
            throw new BadInputException("--shard " + shard + " with --workers " + workers
                    + " or --engine: give one or the other (they run every shard themselves)");
        }
        List<ModeJobs.Job> jobs = ModeJobs.list(only, args.get(MODELS), seeds);
        ModeBenchmark.Settings s = new ModeBenchmark.Settings(
                steps,
                base.mixtureBatch(),
                base.mixtureLearningRate(),
                base.mixtureBeta1(),
                stackedSteps,
                base.stackedBatch(),
                base.stackedImages(),
                base.stackedScored());
        System.out.printf(
                Locale.ROOT,
                "modes: %d jobs%s, %d seeds; ring/grid %d steps, batch %d, Adam %.0e; stacked MNIST "
                        + "%d steps on %,d images, %,d scored%n",
                jobs.size(),
                shard.isAll()
                        ? ""
                        : " (shard " + shard + ": jobs " + shard.index() + ", " + shard.index()
                                + " + " + shard.count() + ", ...)",
                seeds,
                steps,
                s.mixtureBatch(),
                s.mixtureLearningRate(),
                stackedSteps,
                s.stackedImages(),
                s.stackedScored());
        DataFolder folder = DataFolder.resolve(args.get(DATA));
        if (inWorkers) {
            if (!quick && jobs.stream().anyMatch(ModeJobs.Job::stacked)) {
                // train the judge once here, so the workers load it instead of each training their
                // own
                judge(false, Datasets.load("mnist", Datasets.Split.TRAIN, folder), folder, cache)
                        .close();
            }
            // the workers get the same flags, but their own shard and part file, and absolute
            // paths (a cluster's executors start elsewhere)
            List<String> same =
                    args.given(List.of(WORKERS, ENGINE, MASTER, SHARD, OUT, DATA, CACHE));
            same.addAll(List.of(
                    "--data",
                    folder.root().toAbsolutePath().toString(),
                    "--cache",
                    cache.toAbsolutePath().toString()));
            return runWorkers(engine, jobs, out.toAbsolutePath(), same);
        }
        List<ModeBenchmark.Run> runs = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            ModeJobs.run(
                    shard.select(jobs),
                    s,
                    () -> Datasets.load("mnist", Datasets.Split.TRAIN, folder),
                    mnist -> judge(quick, mnist, folder, cache),
                    r -> record(runs, r, out),
                    manager);
        }
        printTable(runs);
        System.out.println("wrote " + out + " and " + ModeJobs.runsFile(out));
        return 0;
    }

    private static void printTable(List<ModeBenchmark.Run> runs) {
        System.out.println();
        System.out.print(ModeBenchmark.table(ModeBenchmark.summarise(runs)));
    }

    /**
     * The stacked-MNIST judge, the kit's MNIST classifier (quick: one epoch on 10,000 digits, not
     * cached) trained or loaded, with its test accuracy printed.
     */
    private static DomainClassifier judge(
            boolean quick, ImageSet mnist, DataFolder folder, Path cache) {
        long started = System.nanoTime();
        DomainClassifier judge = quick
                ? DomainClassifier.train(
                        "mnist-cnn (quick)", mnist.limit(10_000), 1, DomainClassifier.SEED, null)
                : DomainClassifier.cached("mnist", folder, cache, System.out);
        double accuracy = judge.accuracy(Datasets.load("mnist", Datasets.Split.TEST, folder));
        System.out.printf(
                Locale.ROOT,
                "stacked-MNIST judge: test accuracy %.2f%% (%.0f s to train or load)%n",
                100 * accuracy,
                (System.nanoTime() - started) / 1e9);
        return judge;
    }

    /**
     * Runs the jobs in {@code engine}'s workers, each {@code modes --shard k/n} with the flags
     * {@code same} and its own part file as {@code --out}; then merges their runs in table order,
     * writes both CSVs and removes the part files (kept when a worker failed).
     */
    private static int runWorkers(
            WorkerEngine engine, List<ModeJobs.Job> jobs, Path out, List<String> same)
            throws Exception {
        int workers = engine.shards(jobs.size());
        List<Shard> failed = engine.run(workers, Main.class.getName(), shard -> {
            List<String> argv = new ArrayList<>(List.of(
                    "modes",
                    "--shard",
                    shard.toString(),
                    "--out",
                    WorkerProcesses.partFile(out, shard).toString()));
            argv.addAll(same);
            return argv;
        });
        List<Path> parts = Shard.all(workers).stream()
                .map(k -> ModeJobs.runsFile(WorkerProcesses.partFile(out, k)))
                .toList();
        List<ModeBenchmark.Run> runs = ModeJobs.inJobOrder(jobs, ModeJobs.readRuns(parts));
        ModeJobs.write(runs, out);
        printTable(runs);
        System.out.println("wrote " + out + " and " + ModeJobs.runsFile(out) + " (" + runs.size()
                + " of " + jobs.size() + " runs)");
        if (!failed.isEmpty()) {
            System.err.println("gankit modes: worker(s) " + failed
                    + " failed; their finished runs are kept in " + parts);
            return 1;
        }
        for (Shard k : Shard.all(workers)) {
            Files.deleteIfExists(ModeJobs.runsFile(WorkerProcesses.partFile(out, k)));
            Files.deleteIfExists(WorkerProcesses.partFile(out, k));
        }
        return 0;
    }

    /** Keeps the run and rewrites both CSVs, so a long benchmark stopped half-way leaves its results. */
    private static void record(List<ModeBenchmark.Run> runs, ModeBenchmark.Run r, Path out) {
        runs.add(r);
        System.out.printf(
                Locale.ROOT,
                "%-13s %-12s seed %d: %d/%d modes, %.1f%% high quality, reverse KL %.3f (%.0f s)%n",
                r.data(),
                r.model(),
                r.seed(),
                r.modesCovered(),
                r.modes(),
                100 * r.highQualityShare(),
                r.reverseKl(),
                r.seconds());
        ModeJobs.write(runs, out);
    }
}
