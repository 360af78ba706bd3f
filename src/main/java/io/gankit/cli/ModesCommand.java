package io.gankit.cli;

import ai.djl.ndarray.NDManager;
import io.gankit.AtomicFiles;
import io.gankit.BadInputException;
import io.gankit.data.DataFolder;
import io.gankit.data.Datasets;
import io.gankit.data.ImageSet;
import io.gankit.lab.GaussianMixture;
import io.gankit.lab.MnistClassifier;
import io.gankit.lab.ModeBenchmark;
import io.gankit.lab.StackedMnist;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./gankit modes}: the mode-collapse results table. Every lab model is trained on the ring
 * and the grid over several seeds, and the plain and packed MLP GANs on stacked MNIST; the mean
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
        return "mode-collapse benchmark: GAN, PacGAN, minibatch-std on ring, grid, stacked MNIST vs the papers";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "usage: ./gankit modes [--seeds 5] [--steps 2000] [--stacked-steps 1000] [--out results/modes.csv]",
                "                      [--only ring,grid,stacked-mnist] [--models GAN,PacGAN4,...]",
                "                      [--cache DIR] [--data DIR] [--quick]",
                "  --seeds N          seeds per model and data set (default 5; 2 with --quick)",
                "  --steps N          generator steps on ring and grid (default 2000; 100 with --quick)",
                "  --stacked-steps N  generator steps on stacked MNIST (default 1000; 40 with --quick)",
                "  --out FILE         summary CSV (default results/modes.csv); per-run rows go to FILE with -runs",
                "  --only LIST        data sets to run, comma-separated (default all: " + String.join(",", DATA) + ")",
                "  --models LIST      models to run, comma-separated (default all: GAN, PacGAN2, PacGAN4, MinibatchStd,",
                "                     PacGAN4-100packs on ring and grid; GAN, PacGAN2 on stacked MNIST)",
                "  --cache DIR        where the stacked-MNIST judge is kept (default ~/.gankit/cache/lab)",
                "  --data DIR         data folder with mnist/ (default: $GANKIT_DATA, then ~/.gankit/data)",
                "  --quick            a smoke test for CI: few steps, 2 seeds, a small stacked-MNIST judge");
    }

    @Override
    public int run(Args args) throws Exception {
        // These networks are small: one engine thread is faster than several, and on a shared
        // machine several threads per process busy-wait each other into a crawl (measured: 400 ms
        // a step with 2 threads beside other jobs, 15 ms with 1). Effective only before the engine
        // starts; a -D flag given on the command line wins.
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", "1");
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        boolean quick = args.flag("quick");
        ModeBenchmark.Settings base = quick ? ModeBenchmark.Settings.quick() : ModeBenchmark.Settings.full();
        int seeds = args.integer("seeds", quick ? 2 : 5);
        long steps = args.longValue("steps", base.mixtureSteps());
        long stackedSteps = args.longValue("stacked-steps", base.stackedSteps());
        Path out = args.path("out", Path.of("results", "modes.csv"));
        List<String> only = Arrays.asList(args.string("only", String.join(",", DATA)).split(","));
        Path dataDir = args.path("data", null);
        Path cache = args.path("cache", Path.of(System.getProperty("user.home"), ".gankit", "cache", "lab"));
        String modelList = args.string("models", null);
        List<String> models = modelList == null ? null : Arrays.asList(modelList.split(","));
        args.rejectUnknown();
        for (String d : only) {
            if (!DATA.contains(d)) {
                throw new BadInputException("--only " + d + ": expected some of " + DATA);
            }
        }
        if (seeds < 1 || steps < 1 || stackedSteps < 1) {
            throw new BadInputException("--seeds, --steps and --stacked-steps must be at least 1");
        }
        ModeBenchmark.Settings s = new ModeBenchmark.Settings(steps, base.mixtureBatch(), base.mixtureLearningRate(),
                base.mixtureBeta1(), stackedSteps, base.stackedBatch(), base.stackedImages(), base.stackedScored());
        Path runsOut = siblingWithSuffix(out, "-runs");
        List<ModeBenchmark.Run> runs = new ArrayList<>();
        System.out.printf(Locale.ROOT, "modes: %d seeds; ring/grid %d steps, batch %d, Adam %.0e; stacked MNIST %d steps on %,d "
                + "images, %,d scored%n", seeds, steps, s.mixtureBatch(), s.mixtureLearningRate(), stackedSteps,
                s.stackedImages(), s.stackedScored());
        try (NDManager manager = NDManager.newBaseManager()) {
            for (String name : List.of("ring", "grid")) {
                if (!only.contains(name)) {
                    continue;
                }
                GaussianMixture mixture = GaussianMixture.named(name);
                for (ModeBenchmark.Model model : ModeBenchmark.MIXTURE_MODELS) {
                    if (models != null && !models.contains(model.name())) {
                        continue;
                    }
                    for (long seed = 1; seed <= seeds; seed++) {
                        record(runs, ModeBenchmark.runMixture(mixture, model, seed, s, manager), out, runsOut);
                    }
                }
            }
            if (only.contains("stacked-mnist")) {
                DataFolder folder = DataFolder.resolve(dataDir);
                ImageSet mnist = Datasets.load("mnist", Datasets.Split.TRAIN, folder);
                long started = System.nanoTime();
                try (MnistClassifier judge = quick
                        ? MnistClassifier.train(mnist.limit(10_000), 1, manager)
                        : MnistClassifier.trainOrLoad(folder, cache, manager)) {
                    double accuracy = judge.accuracy(Datasets.load("mnist", Datasets.Split.TEST, folder));
                    System.out.printf(Locale.ROOT, "stacked-MNIST judge: test accuracy %.2f%% (%.0f s to train or load)%n",
                            100 * accuracy, (System.nanoTime() - started) / 1e9);
                    ImageSet stacked = StackedMnist.create(mnist, s.stackedImages(), 2017);
                    for (ModeBenchmark.Model model : ModeBenchmark.STACKED_MODELS) {
                        if (models != null && !models.contains(model.name())) {
                            continue;
                        }
                        for (long seed = 1; seed <= seeds; seed++) {
                            record(runs, ModeBenchmark.runStacked(stacked, judge, model, seed, s, manager), out, runsOut);
                        }
                    }
                }
            }
        }
        System.out.println();
        System.out.print(ModeBenchmark.table(ModeBenchmark.summarise(runs)));
        System.out.println("wrote " + out + " and " + runsOut);
        return 0;
    }

    /** Keeps the run and rewrites both CSVs, so a long benchmark stopped half-way leaves its results. */
    private static void record(List<ModeBenchmark.Run> runs, ModeBenchmark.Run r, Path out, Path runsOut) {
        runs.add(r);
        System.out.printf(Locale.ROOT, "%-13s %-12s seed %d: %d/%d modes, %.1f%% high quality, reverse KL %.3f (%.0f s)%n",
                r.data(), r.model(), r.seed(), r.modesCovered(), r.modes(), 100 * r.highQualityShare(), r.reverseKl(),
                r.seconds());
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
