package io.gankit.cli;

import ai.djl.ndarray.NDManager;
import io.gankit.AtomicFiles;
import io.gankit.BadInputException;
import io.gankit.data.DataFolder;
import io.gankit.data.Datasets;
import io.gankit.data.ImageSet;
import io.gankit.lab.GaussianMixture;
import io.gankit.lab.ModeBenchmark;
import io.gankit.lab.StackedMnist;
import io.gankit.metrics.DomainClassifier;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./gankit modes}: the mode-collapse results table. Every lab model is trained on the ring
 * and the grid over several seeds, and DCGAN and PacDCGAN2 on stacked MNIST; the mean
 * and standard deviation of modes covered, high-quality share and reverse KL are written as CSV
 * and printed beside the published numbers of VEEGAN and PacGAN.
 */
public final class ModesCommand implements Command {
    private static final List<String> DATA = List.of("ring", "grid", "stacked-mnist");

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
                "  --only LIST        data sets to run, comma-separated (default all: " + String.join(",", DATA) + ")",
                "  --models LIST      models to run, comma-separated (default: " + names(ModeBenchmark.MIXTURE_MODELS)
                        + " on ring and grid,",
                "                     " + names(ModeBenchmark.STACKED_MODELS) + " on stacked MNIST; also "
                        + names(ModeBenchmark.OPTIONAL_MIXTURE_MODELS) + ", " + names(ModeBenchmark.OPTIONAL_STACKED_MODELS) + ")",
                "  --workers N        run the jobs in N processes of one engine thread each (default 1; 2 on a 2-core",
                "                     machine halves the time); their rows are merged into one table",
                "  --shard K/N        run only jobs K, K+N, K+2N, ... (from 0) of the ordered job list; --workers uses it",
                "  --cache DIR        where the stacked-MNIST judge, the kit's MNIST classifier, is kept (default",
                "                     ~/.gankit/cache/domain, shared with ./gankit classify)",
                "  --data DIR         data folder with mnist/ (default: $GANKIT_DATA, then ~/.gankit/data)",
                "  --quick            a smoke test for CI: few steps, 2 seeds, a small stacked-MNIST judge");
    }

    private static String names(List<ModeBenchmark.Model> models) {
        return String.join(", ", models.stream().map(ModeBenchmark.Model::name).toList());
    }

    /** One (data, model, seed) of the benchmark. */
    record Job(String data, ModeBenchmark.Model model, long seed) {
        String key() {
            return key(data, model.name(), seed);
        }

        /** The same key for a finished run, to put runs from several workers back in job order. */
        static String key(ModeBenchmark.Run r) {
            return key(r.data(), r.model(), r.seed());
        }

        private static String key(String data, String model, long seed) {
            return data + "/" + model + "/" + seed;
        }
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
        int seeds = args.integer("seeds", quick ? 2 : 5);
        long steps = args.longValue("steps", base.mixtureSteps());
        long stackedSteps = args.longValue("stacked-steps", base.stackedSteps());
        Path out = args.path("out", Path.of("results", "modes.csv"));
        List<String> only = Arrays.asList(args.string("only", String.join(",", DATA)).split(","));
        Path dataDir = args.path("data", null);
        Path cache = args.path("cache", DomainClassifier.defaultCache());
        String modelList = args.string("models", null);
        int workers = args.integer("workers", 1);
        int[] shard = shard(args.string("shard", "0/1"));
        args.rejectUnknown();
        for (String d : only) {
            if (!DATA.contains(d)) {
                throw new BadInputException("--only " + d + ": expected some of " + DATA);
            }
        }
        if (seeds < 1 || steps < 1 || stackedSteps < 1) {
            throw new BadInputException("--seeds, --steps and --stacked-steps must be at least 1");
        }
        if (workers < 1) {
            throw new BadInputException("--workers " + workers + ": expected 1 or more processes");
        }
        List<Job> jobs = jobs(only, modelList, seeds);
        ModeBenchmark.Settings s = new ModeBenchmark.Settings(steps, base.mixtureBatch(), base.mixtureLearningRate(),
                base.mixtureBeta1(), stackedSteps, base.stackedBatch(), base.stackedImages(), base.stackedScored());
        System.out.printf(Locale.ROOT, "modes: %d jobs%s, %d seeds; ring/grid %d steps, batch %d, Adam %.0e; stacked MNIST "
                + "%d steps on %,d images, %,d scored%n", jobs.size(), shard[1] > 1 ? " (shard " + shard[0] + "/" + shard[1]
                + ": jobs " + shard[0] + ", " + shard[0] + " + " + shard[1] + ", ...)" : "", seeds, steps, s.mixtureBatch(), s.mixtureLearningRate(), stackedSteps,
                s.stackedImages(), s.stackedScored());
        if (workers > 1) {
            return runWorkers(workers, jobs, out, quick, seeds, steps, stackedSteps, only, modelList, cache, dataDir);
        }
        List<Job> mine = new ArrayList<>();
        for (int i = shard[0]; i < jobs.size(); i += shard[1]) {
            mine.add(jobs.get(i));
        }
        Path runsOut = siblingWithSuffix(out, "-runs");
        List<ModeBenchmark.Run> runs = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            for (Job job : mine) {
                if (!job.data().equals("stacked-mnist")) {
                    GaussianMixture mixture = GaussianMixture.named(job.data());
                    record(runs, ModeBenchmark.runMixture(mixture, job.model(), job.seed(), s, manager), out, runsOut);
                }
            }
            List<Job> stackedJobs = mine.stream().filter(j -> j.data().equals("stacked-mnist")).toList();
            if (!stackedJobs.isEmpty()) {
                DataFolder folder = DataFolder.resolve(dataDir);
                ImageSet mnist = Datasets.load("mnist", Datasets.Split.TRAIN, folder);
                try (DomainClassifier judge = judge(quick, mnist, folder, cache)) {
                    ImageSet stacked = StackedMnist.create(mnist, s.stackedImages(), 2017);
                    for (Job job : stackedJobs) {
                        record(runs, ModeBenchmark.runStacked(stacked, judge, job.model(), job.seed(), s, manager), out,
                                runsOut);
                    }
                }
            }
        }
        printTable(runs);
        System.out.println("wrote " + out + " and " + runsOut);
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
    private static DomainClassifier judge(boolean quick, ImageSet mnist, DataFolder folder, Path cache) {
        long started = System.nanoTime();
        DomainClassifier judge = quick
                ? DomainClassifier.train("mnist-cnn (quick)", mnist.limit(10_000), 1, DomainClassifier.SEED, null)
                : DomainClassifier.cached("mnist", folder, cache, System.out);
        double accuracy = judge.accuracy(Datasets.load("mnist", Datasets.Split.TEST, folder));
        System.out.printf(Locale.ROOT, "stacked-MNIST judge: test accuracy %.2f%% (%.0f s to train or load)%n",
                100 * accuracy, (System.nanoTime() - started) / 1e9);
        return judge;
    }

    /** Every job in table order: ring, grid, stacked MNIST; models in their list order; seeds 1..n. */
    static List<Job> jobs(List<String> only, String modelList, int seeds) {
        List<String> wanted = modelList == null ? null : Arrays.asList(modelList.split(","));
        List<Job> jobs = new ArrayList<>();
        for (String data : DATA) {
            if (!only.contains(data)) {
                continue;
            }
            boolean stacked = data.equals("stacked-mnist");
            List<ModeBenchmark.Model> models = new ArrayList<>(stacked ? ModeBenchmark.STACKED_MODELS : ModeBenchmark.MIXTURE_MODELS);
            if (wanted != null) {
                models.addAll(stacked ? ModeBenchmark.OPTIONAL_STACKED_MODELS : ModeBenchmark.OPTIONAL_MIXTURE_MODELS);
                models.removeIf(m -> !wanted.contains(m.name()));
            }
            for (ModeBenchmark.Model model : models) {
                for (long seed = 1; seed <= seeds; seed++) {
                    jobs.add(new Job(data, model, seed));
                }
            }
        }
        if (wanted != null) {
            for (String name : wanted) {
                if (jobs.stream().noneMatch(j -> j.model().name().equals(name))) {
                    List<String> known = new ArrayList<>();
                    for (List<ModeBenchmark.Model> list : List.of(ModeBenchmark.MIXTURE_MODELS, ModeBenchmark.OPTIONAL_MIXTURE_MODELS,
                            ModeBenchmark.STACKED_MODELS, ModeBenchmark.OPTIONAL_STACKED_MODELS)) {
                        list.forEach(m -> known.add(m.name()));
                    }
                    throw new BadInputException("--models " + name + ": no such model on " + only + "; expected some of "
                            + known.stream().distinct().toList());
                }
            }
        }
        return jobs;
    }

    static int[] shard(String text) {
        String[] parts = text.split("/");
        try {
            if (parts.length == 2) {
                int k = Integer.parseInt(parts[0]);
                int n = Integer.parseInt(parts[1]);
                if (n >= 1 && k >= 0 && k < n) {
                    return new int[] {k, n};
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadInputException("--shard " + text + ": expected K/N with 0 <= K < N, such as 0/2");
    }

    /**
     * Runs the jobs in {@code workers} child processes (this JVM's java, options and class path),
     * each a {@code --shard k/workers} of the same command writing its own CSV beside {@code out};
     * then merges their runs in table order, writes both CSVs and removes the shards' files.
     */
    private static int runWorkers(int workers, List<Job> jobs, Path out, boolean quick, int seeds, long steps,
            long stackedSteps, List<String> only, String modelList, Path cache, Path dataDir) throws Exception {
        if (!quick && jobs.stream().anyMatch(j -> j.data().equals("stacked-mnist"))) {
            // train the judge once here, so the workers load it instead of each training their own
            DataFolder folder = DataFolder.resolve(dataDir);
            judge(false, Datasets.load("mnist", Datasets.Split.TRAIN, folder), folder, cache).close();
        }
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<Process> children = new ArrayList<>();
        List<Path> parts = new ArrayList<>();
        Path dir = out.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        for (int k = 0; k < workers; k++) {
            Path part = dir.resolve("." + out.getFileName() + ".shard-" + k + "-of-" + workers + ".csv");
            parts.add(siblingWithSuffix(part, "-runs"));
            List<String> cmd = new ArrayList<>(List.of(java));
            cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "modes",
                    "--shard", k + "/" + workers, "--out", part.toString(), "--seeds", Integer.toString(seeds),
                    "--steps", Long.toString(steps), "--stacked-steps", Long.toString(stackedSteps),
                    "--only", String.join(",", only), "--cache", cache.toString()));
            if (modelList != null) {
                cmd.addAll(List.of("--models", modelList));
            }
            if (dataDir != null) {
                cmd.addAll(List.of("--data", dataDir.toString()));
            }
            if (quick) {
                cmd.add("--quick");
            }
            children.add(new ProcessBuilder(cmd).inheritIO().start());
        }
        List<Integer> failed = new ArrayList<>();
        for (int k = 0; k < workers; k++) {
            if (children.get(k).waitFor() != 0) {
                failed.add(k);
            }
        }
        Map<String, Integer> order = new HashMap<>();
        for (int i = 0; i < jobs.size(); i++) {
            order.put(jobs.get(i).key(), i);
        }
        List<ModeBenchmark.Run> runs = new ArrayList<>();
        for (Path part : parts) {
            if (Files.exists(part)) {
                runs.addAll(ModeBenchmark.parseRuns(Files.readString(part), part.toString()));
            }
        }
        runs.sort(Comparator.comparingInt(r -> order.getOrDefault(Job.key(r), -1)));
        Path runsOut = siblingWithSuffix(out, "-runs");
        write(runs, out, runsOut);
        printTable(runs);
        System.out.println("wrote " + out + " and " + runsOut + " (" + runs.size() + " of " + jobs.size() + " runs)");
        if (!failed.isEmpty()) {
            System.err.println("gankit modes: worker(s) " + failed + " failed; their finished runs are kept in " + parts);
            return 1;
        }
        for (Path part : parts) {
            Files.deleteIfExists(part);
            Files.deleteIfExists(part.resolveSibling(part.getFileName().toString().replace("-runs.csv", ".csv")));
        }
        return 0;
    }

    /** Keeps the run and rewrites both CSVs, so a long benchmark stopped half-way leaves its results. */
    private static void record(List<ModeBenchmark.Run> runs, ModeBenchmark.Run r, Path out, Path runsOut) {
        runs.add(r);
        System.out.printf(Locale.ROOT, "%-13s %-12s seed %d: %d/%d modes, %.1f%% high quality, reverse KL %.3f (%.0f s)%n",
                r.data(), r.model(), r.seed(), r.modesCovered(), r.modes(), 100 * r.highQualityShare(), r.reverseKl(),
                r.seconds());
        write(runs, out, runsOut);
    }

    private static void write(List<ModeBenchmark.Run> runs, Path out, Path runsOut) {
        AtomicFiles.writeString(runsOut, ModeBenchmark.runsCsv(runs));
        AtomicFiles.writeString(out, ModeBenchmark.summaryCsv(ModeBenchmark.summarise(runs)));
    }

    static Path siblingWithSuffix(Path file, String suffix) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String sibling = dot > 0 ? name.substring(0, dot) + suffix + name.substring(dot) : name + suffix;
        return file.resolveSibling(sibling);
    }
}
