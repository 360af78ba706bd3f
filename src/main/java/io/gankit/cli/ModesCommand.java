package io.gankit.cli;

import ai.djl.ndarray.NDManager;
import io.gankit.BadInputException;
import io.gankit.Shard;
import io.gankit.WorkerProcesses;
import io.gankit.data.DataFolder;
import io.gankit.data.Datasets;
import io.gankit.data.ImageSet;
import io.gankit.lab.MnistClassifier;
import io.gankit.lab.ModeBenchmark;
import io.gankit.lab.ModeJobs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./gankit modes}: the mode-collapse results table. Every lab model is trained on the ring
 * and the grid over several seeds, and DCGAN and PacDCGAN2 on stacked MNIST; the mean
 * and standard deviation of modes covered, high-quality share and reverse KL are written as CSV
 * and printed beside the published numbers of VEEGAN and PacGAN.
 */
public final class ModesCommand implements Command {
    @Override
    public String name() {
        return "modes";
    }

    @Override
    public String summary() {
        return "mode-collapse benchmark: GAN, PacGAN, minibatch-std, WGAN-GP on ring, grid, stacked MNIST vs the papers";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "usage: ./gankit modes [--seeds 5] [--steps 10000] [--stacked-steps 500] [--out results/modes.csv]",
                "                      [--only ring,grid,stacked-mnist] [--models GAN,PacGAN4,...] [--workers 1]",
                "                      [--shard K/N] [--cache DIR] [--data DIR] [--quick]",
                "  --seeds N          seeds per model and data set (default 5; 2 with --quick)",
                "  --steps N          generator steps on ring and grid (default 10000; 100 with --quick)",
                "  --stacked-steps N  generator steps on stacked MNIST (default 500; 10 with --quick)",
                "  --out FILE         summary CSV (default results/modes.csv); per-run rows go to FILE with -runs",
                "  --only LIST        data sets to run, comma-separated (default all: " + String.join(",", ModeJobs.DATA) + ")",
                "  --models LIST      models to run, comma-separated (default: " + names(ModeBenchmark.MIXTURE_MODELS)
                        + " on ring and grid,",
                "                     " + names(ModeBenchmark.STACKED_MODELS) + " on stacked MNIST; also "
                        + names(ModeBenchmark.OPTIONAL_MIXTURE_MODELS) + ", " + names(ModeBenchmark.OPTIONAL_STACKED_MODELS) + ")",
                "  --workers N        run the jobs in N processes of one engine thread each (default 1; 2 on a 2-core",
                "                     machine halves the time); their rows are merged into one table",
                "  --shard K/N        run only jobs K, K+N, K+2N, ... (from 0) of the ordered job list; --workers uses it",
                "  --cache DIR        where the stacked-MNIST judge is kept (default ~/.gankit/cache/lab)",
                "  --data DIR         data folder with mnist/ (default: $GANKIT_DATA, then ~/.gankit/data)",
                "  --quick            a smoke test for CI: few steps, 2 seeds, a small stacked-MNIST judge");
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
        boolean quick = args.flag("quick");
        ModeBenchmark.Settings base = quick ? ModeBenchmark.Settings.quick() : ModeBenchmark.Settings.full();
        int seeds = args.integer("seeds", quick ? ModeJobs.QUICK_SEEDS : ModeJobs.SEEDS);
        long steps = args.longValue("steps", base.mixtureSteps());
        long stackedSteps = args.longValue("stacked-steps", base.stackedSteps());
        Path out = args.path("out", Path.of("results", "modes.csv"));
        List<String> only = Arrays.asList(args.string("only", String.join(",", ModeJobs.DATA)).split(","));
        Path dataDir = args.path("data", null);
        Path cache = args.path("cache", Path.of(System.getProperty("user.home"), ".gankit", "cache", "lab"));
        String modelList = args.string("models", null);
        int workers = args.integer("workers", 1);
        Shard shard = shard(args.string("shard", Shard.ALL.toString()));
        args.rejectUnknown();
        for (String d : only) {
            if (!ModeJobs.DATA.contains(d)) {
                throw new BadInputException("--only " + d + ": expected some of " + ModeJobs.DATA);
            }
        }
        if (seeds < 1 || steps < 1 || stackedSteps < 1) {
            throw new BadInputException("--seeds, --steps and --stacked-steps must be at least 1");
        }
        if (workers < 1) {
            throw new BadInputException("--workers " + workers + ": expected 1 or more processes");
        }
        List<ModeJobs.Job> jobs = ModeJobs.list(only, modelList == null ? null : Arrays.asList(modelList.split(",")), seeds);
        ModeBenchmark.Settings s = new ModeBenchmark.Settings(steps, base.mixtureBatch(), base.mixtureLearningRate(),
                base.mixtureBeta1(), stackedSteps, base.stackedBatch(), base.stackedImages(), base.stackedScored());
        System.out.printf(Locale.ROOT, "modes: %d jobs%s, %d seeds; ring/grid %d steps, batch %d, Adam %.0e; stacked MNIST "
                + "%d steps on %,d images, %,d scored%n", jobs.size(), shard.isAll() ? "" : " (shard " + shard + ": jobs "
                + shard.index() + ", " + shard.index() + " + " + shard.count() + ", ...)", seeds, steps, s.mixtureBatch(),
                s.mixtureLearningRate(), stackedSteps, s.stackedImages(), s.stackedScored());
        DataFolder folder = DataFolder.resolve(dataDir);
        if (workers > 1) {
            if (!quick && jobs.stream().anyMatch(ModeJobs.Job::stacked)) {
                // train the judge once here, so the workers load it instead of each training their own
                try (NDManager manager = NDManager.newBaseManager()) {
                    judge(false, Datasets.load("mnist", Datasets.Split.TRAIN, folder), folder, cache, manager).close();
                }
            }
            List<String> same = new ArrayList<>(List.of("--seeds", Integer.toString(seeds), "--steps", Long.toString(steps),
                    "--stacked-steps", Long.toString(stackedSteps), "--only", String.join(",", only), "--cache", cache.toString()));
            if (modelList != null) {
                same.addAll(List.of("--models", modelList));
            }
            if (dataDir != null) {
                same.addAll(List.of("--data", dataDir.toString()));
            }
            if (quick) {
                same.add("--quick");
            }
            return runWorkers(workers, jobs, out, same);
        }
        List<ModeBenchmark.Run> runs = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            ModeJobs.run(shard.select(jobs), s, () -> Datasets.load("mnist", Datasets.Split.TRAIN, folder),
                    mnist -> judge(quick, mnist, folder, cache, manager), r -> record(runs, r, out), manager);
        }
        printTable(runs);
        System.out.println("wrote " + out + " and " + ModeJobs.runsFile(out));
        return 0;
    }

    private static void printTable(List<ModeBenchmark.Run> runs) {
        System.out.println();
        System.out.print(ModeBenchmark.table(ModeBenchmark.summarise(runs)));
    }

    /** The stacked-MNIST judge, trained (quick: on 10,000 digits) or loaded, with its test accuracy printed. */
    private static MnistClassifier judge(boolean quick, ImageSet mnist, DataFolder folder, Path cache, NDManager manager) {
        long started = System.nanoTime();
        MnistClassifier judge = quick ? MnistClassifier.train(mnist.limit(10_000), 1, manager)
                : MnistClassifier.trainOrLoad(folder, cache, manager);
        double accuracy = judge.accuracy(Datasets.load("mnist", Datasets.Split.TEST, folder));
        System.out.printf(Locale.ROOT, "stacked-MNIST judge: test accuracy %.2f%% (%.0f s to train or load)%n",
                100 * accuracy, (System.nanoTime() - started) / 1e9);
        return judge;
    }

    static Shard shard(String text) {
        try {
            return Shard.parse(text);
        } catch (BadInputException e) {
            throw new BadInputException("--shard " + e.getMessage());
        }
    }

    /**
     * Runs the jobs in {@code workers} worker processes, each {@code modes --shard k/workers} with the
     * flags {@code same} and its own part file as {@code --out}; then merges their runs in table
     * order, writes both CSVs and removes the part files (kept when a worker failed).
     */
    private static int runWorkers(int workers, List<ModeJobs.Job> jobs, Path out, List<String> same) throws Exception {
        List<Shard> failed = WorkerProcesses.run(workers, Main.class.getName(), shard -> {
            List<String> argv = new ArrayList<>(List.of("modes", "--shard", shard.toString(),
                    "--out", WorkerProcesses.partFile(out, shard).toString()));
            argv.addAll(same);
            return argv;
        });
        List<Path> parts = Shard.all(workers).stream().map(k -> ModeJobs.runsFile(WorkerProcesses.partFile(out, k))).toList();
        List<ModeBenchmark.Run> runs = ModeJobs.inJobOrder(jobs, ModeJobs.readRuns(parts));
        ModeJobs.write(runs, out);
        printTable(runs);
        System.out.println("wrote " + out + " and " + ModeJobs.runsFile(out) + " (" + runs.size() + " of " + jobs.size() + " runs)");
        if (!failed.isEmpty()) {
            System.err.println("gankit modes: worker(s) " + failed + " failed; their finished runs are kept in " + parts);
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
        System.out.printf(Locale.ROOT, "%-13s %-12s seed %d: %d/%d modes, %.1f%% high quality, reverse KL %.3f (%.0f s)%n",
                r.data(), r.model(), r.seed(), r.modesCovered(), r.modes(), 100 * r.highQualityShare(), r.reverseKl(),
                r.seconds());
        ModeJobs.write(runs, out);
    }
}
