package io.gankit.lab;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import io.gankit.BadInputException;
import io.gankit.data.ImageSet;
import io.gankit.data.TrainingData;
import io.gankit.metrics.DomainClassifier;
import io.gankit.nn.ModelSpec;
import io.gankit.train.GanGame;
import io.gankit.train.GanTrainer;
import io.gankit.train.TrainConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Trains each lab model on a benchmark for a fixed number of steps and scores it: one {@link Run}
 * per (data, model, seed), and {@link Summary} rows with the mean and standard deviation over seeds.
 * Every model of a benchmark gets the same generator steps, the same samples per step and the same
 * learning rate; what differs is the discriminator (packing, minibatch standard deviation) or how it
 * is trained ({@link Objective}: WGAN-GP's critic takes 5 steps per generator step), and the
 * parameter counts are reported so the budgets can be compared.
 */
public final class ModeBenchmark {
    /**
     * How a model is trained: the GAN objective, critic steps per generator step, the WGAN-GP
     * penalty weight and Adam's beta2 (beta1 and the learning rate come from {@link Settings}).
     */
    public record Objective(String loss, int criticSteps, double gradientPenalty, double beta2) {
        /** The papers' GAN objective: non-saturating loss, one D step per G step, Adam beta2 0.999. */
        public static final Objective NON_SATURATING = new Objective("non-saturating", 1, 0, 0.999);

        /**
         * WGAN-GP as Gulrajani et al. ran it on these 2-D mixtures ({@code gan_toy.py}): 5 critic
         * steps per generator step, penalty weight 0.1, Adam beta2 0.9.
         */
        public static final Objective WGAN_GP = new Objective("wasserstein", 5, 0.1, 0.9);
    }

    /**
     * A model of the benchmark.
     *
     * @param name the name in tables ({@code GAN}, {@code PacGAN2}, ...)
     * @param architecture the registered architecture
     * @param batchScale samples per step as a multiple of the settings' batch (PacGAN's own code
     *     keeps the number of discriminator decisions and so draws {@code m} times the samples)
     * @param publishedAs the name its published counterparts carry in {@link PublishedResults.Row#labModel()}
     *     (empty: none)
     * @param objective how it is trained
     */
    public record Model(
            String name,
            String architecture,
            int batchScale,
            String publishedAs,
            Objective objective) {
        /** A model drawing the settings' batch with the GAN objective, compared with rows of {@code publishedAs}. */
        public Model(String name, String architecture, String publishedAs) {
            this(name, architecture, 1, publishedAs, Objective.NON_SATURATING);
        }

        /** A model drawing the settings' batch with the GAN objective, compared with rows of its own name. */
        public Model(String name, String architecture) {
            this(name, architecture, name);
        }
    }

    /**
     * The 2-D models, quarter width, all on the same 100 points per generator step: plain GAN,
     * PacGAN2, PacGAN4 and minibatch standard deviation (one D step per G step), and WGAN-GP (the
     * GAN's networks, five critic steps per G step).
     */
    public static final List<Model> MIXTURE_MODELS = List.of(
            new Model("GAN", "mlp2d-s"),
            new Model("PacGAN2", "mlp2d-s-pac2"),
            new Model("PacGAN4", "mlp2d-s-pac4"),
            new Model("MinibatchStd", "mlp2d-s-mbstd"),
            new Model("WGAN-GP", "mlp2d-s", 1, "", Objective.WGAN_GP));

    /**
     * 2-D models run only when {@code --models} names them: PacGAN4 as PacGAN's code runs it (100
     * packs of 4, so 400 points, per step; it scored like PacGAN4 at 2.5 times the time).
     */
    public static final List<Model> OPTIONAL_MIXTURE_MODELS = List.of(
            new Model("PacGAN4-100packs", "mlp2d-s-pac4", 4, "PacGAN4", Objective.NON_SATURATING));

    /** The stacked-MNIST models: the papers' DCGAN and PacDCGAN2 (its discriminator packed 2 at a time). */
    public static final List<Model> STACKED_MODELS = List.of(
            new Model("DCGAN", "dcgan", "GAN"), new Model("PacDCGAN2", "dcgan-pac2", "PacGAN2"));

    /**
     * 3x28x28 MLP models run only when {@code --models} names them: the seed's MLP GAN and its
     * packed version (they sat at the floor, 2 of 1,000 modes, after 1,000 steps).
     */
    public static final List<Model> OPTIONAL_STACKED_MODELS = List.of(
            new Model("MLP-GAN", "mlp", "GAN"), new Model("MLP-PacGAN2", "mlp-pac2", "PacGAN2"));

    /**
     * How long and how big.
     *
     * @param mixtureSteps generator steps on ring and grid
     * @param mixtureBatch points per batch (every model, packed or not)
     * @param mixtureLearningRate Adam learning rate of both networks on ring and grid
     * @param mixtureBeta1 Adam's beta1 there
     * @param stackedSteps generator steps on stacked MNIST
     * @param stackedBatch images per batch there
     * @param stackedImages stacked training images
     * @param stackedScored generated images scored
     */
    public record Settings(
            long mixtureSteps,
            int mixtureBatch,
            double mixtureLearningRate,
            double mixtureBeta1,
            long stackedSteps,
            int stackedBatch,
            int stackedImages,
            int stackedScored) {
        /**
         * The full setting of {@code ./gankit modes}: 10,000 steps on ring and grid (the GAN then
         * reaches the papers' high-quality shares), 500 DCGAN steps on stacked MNIST (0.4 s a step
         * on one CPU core).
         */
        public static Settings full() {
            return new Settings(10_000, 100, 1e-3, 0.5, 500, 64, 30_000, 10_000);
        }

        /** A smoke-test setting for CI (well under two minutes). */
        public static Settings quick() {
            return new Settings(100, 100, 1e-3, 0.5, 10, 64, 2_000, 1_000);
        }
    }

    /** The model called {@code name} among {@code models}. */
    public static Model find(List<Model> models, String name) {
        return models.stream()
                .filter(m -> m.name().equals(name))
                .findFirst()
                .orElseThrow(() ->
                        new BadInputException("model '" + name + "' is unknown; expected one of "
                                + models.stream().map(Model::name).toList()));
    }

    /** One trained and scored model. */
    public record Run(
            String data,
            String model,
            String publishedAs,
            String architecture,
            long seed,
            long steps,
            long generatorParameters,
            long discriminatorParameters,
            int modes,
            int modesCovered,
            double highQualityShare,
            double reverseKl,
            double seconds) {}

    /** Mean and standard deviation (over seeds, n - 1 in the denominator) of one model on one data set. */
    public record Summary(
            String data,
            String model,
            String publishedAs,
            int runs,
            long steps,
            long generatorParameters,
            long discriminatorParameters,
            int modes,
            double modesMean,
            double modesStd,
            double highQualityMean,
            double highQualityStd,
            double reverseKlMean,
            double reverseKlStd,
            double secondsMean) {}

    private ModeBenchmark() {}

    /** Trains {@code model} on points of {@code mixture} with {@code seed} and scores 2,500 samples. */
    public static Run runMixture(
            GaussianMixture mixture, Model model, long seed, Settings s, NDManager parent) {
        PointSet data = mixture.sample(GaussianMixture.TRAINING_POINTS, seed);
        ModelSpec spec = new ModelSpec(model.architecture(), 2, 2, 1, 1, 0);
        TrainConfig config = config(
                mixture.name(),
                spec,
                model.objective(),
                s.mixtureBatch() * model.batchScale(),
                s.mixtureLearningRate(),
                s.mixtureBeta1(),
                s.mixtureSteps(),
                seed,
                data);
        try (NDManager m = parent.newSubManager();
                GanTrainer<GanGame> trainer = GanTrainer.create(config, data, m)) {
            long started = System.nanoTime();
            trainer.fit();
            double seconds = (System.nanoTime() - started) / 1e9;
            float[] xy;
            try (NDManager scope = m.newSubManager()) {
                NDArray z = trainer.game()
                        .gan()
                        .latent(
                                scope,
                                GaussianMixture.SCORING_SAMPLES,
                                new SplittableRandom(~seed));
                xy = trainer.game().gan().generate(z, false).toFloatArray();
            }
            ModeScore score = mixture.score(xy);
            return run(mixture.name(), model, seed, trainer, score, seconds);
        }
    }

    /** Trains {@code model} on stacked MNIST with {@code seed} and scores the settings' count of samples. */
    public static Run runStacked(
            ImageSet stacked,
            DomainClassifier judge,
            Model model,
            long seed,
            Settings s,
            NDManager parent) {
        ModelSpec spec = new ModelSpec(model.architecture(), 100, 3, 28, 28, 0);
        // the DCGAN setting of the papers: Adam 2e-4, beta1 0.5, batch 64
        TrainConfig config = config(
                "stacked-mnist",
                spec,
                model.objective(),
                s.stackedBatch() * model.batchScale(),
                2e-4,
                0.5,
                s.stackedSteps(),
                seed,
                stacked);
        try (NDManager m = parent.newSubManager();
                GanTrainer<GanGame> trainer = GanTrainer.create(config, stacked, m)) {
            long started = System.nanoTime();
            trainer.fit();
            double seconds = (System.nanoTime() - started) / 1e9;
            int[] counts = new int[StackedMnist.MODES];
            SplittableRandom random = new SplittableRandom(~seed);
            for (int done = 0; done < s.stackedScored(); done += 500) {
                int n = Math.min(500, s.stackedScored() - done);
                try (NDManager scope = m.newSubManager()) {
                    NDArray images = trainer.game()
                            .gan()
                            .generate(trainer.game().gan().latent(scope, n, random), false);
                    int[] part = StackedMnist.score(images, judge).counts();
                    for (int k = 0; k < counts.length; k++) {
                        counts[k] += part[k];
                    }
                }
            }
            return run(
                    "stacked-mnist",
                    model,
                    seed,
                    trainer,
                    new ModeScore(counts, s.stackedScored()),
                    seconds);
        }
    }

    private static TrainConfig config(
            String name,
            ModelSpec spec,
            Objective objective,
            int batch,
            double lr,
            double beta1,
            long steps,
            long seed,
            TrainingData data) {
        long batchesPerStep = objective.criticSteps();
        int epochs =
                (int) Math.min(Integer.MAX_VALUE, steps * batchesPerStep * batch / data.size() + 1);
        return TrainConfig.builder()
                .setDataset(name)
                .setModel(spec)
                .optLoss(objective.loss())
                .optBatchSize(batch)
                .optCriticSteps(objective.criticSteps())
                .optGradientPenalty(objective.gradientPenalty())
                .optLearningRate(lr)
                .optBetas(beta1, objective.beta2())
                .optSeed(seed)
                .optEpochs(epochs)
                .optMaxSteps(steps)
                .optCheckpointEvery(0)
                .build();
    }

    private static Run run(
            String data,
            Model model,
            long seed,
            GanTrainer<GanGame> trainer,
            ModeScore score,
            double seconds) {
        return new Run(
                data,
                model.name(),
                model.publishedAs(),
                model.architecture(),
                seed,
                trainer.stepsDone(),
                trainableParameters(trainer.game().gan().generator()),
                trainableParameters(trainer.game().gan().discriminator()),
                score.modes(),
                score.modesCovered(),
                score.highQualityShare(),
                score.reverseKl(),
                seconds);
    }

    /** Values a network learns (batch-norm running statistics excluded). */
    public static long trainableParameters(Block block) {
        long n = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                n += p.getValue().getArray().size();
            }
        }
        return n;
    }

    /** One summary per (data, model), in the order the runs came. NaN KLs (no high-quality sample) are left out of its mean. */
    public static List<Summary> summarise(List<Run> runs) {
        Map<String, List<Run>> groups = new LinkedHashMap<>();
        for (Run r : runs) {
            groups.computeIfAbsent(r.data() + "\u0000" + r.model(), k -> new ArrayList<>())
                    .add(r);
        }
        List<Summary> out = new ArrayList<>();
        for (List<Run> g : groups.values()) {
            Run first = g.get(0);
            double[] modes = stats(g, r -> r.modesCovered());
            double[] hq = stats(g, Run::highQualityShare);
            double[] kl = stats(g, Run::reverseKl);
            double[] sec = stats(g, Run::seconds);
            out.add(new Summary(
                    first.data(),
                    first.model(),
                    first.publishedAs(),
                    g.size(),
                    first.steps(),
                    first.generatorParameters(),
                    first.discriminatorParameters(),
                    first.modes(),
                    modes[0],
                    modes[1],
                    hq[0],
                    hq[1],
                    kl[0],
                    kl[1],
                    sec[0]));
        }
        return out;
    }

    /** Mean and sample standard deviation of the finite values (NaN, NaN when there are none; std 0 for one). */
    static double[] stats(List<Run> runs, ToDoubleFunction<Run> f) {
        double sum = 0;
        int n = 0;
        for (Run r : runs) {
            double v = f.applyAsDouble(r);
            if (Double.isFinite(v)) {
                sum += v;
                n++;
            }
        }
        if (n == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double mean = sum / n;
        double ss = 0;
        for (Run r : runs) {
            double v = f.applyAsDouble(r);
            if (Double.isFinite(v)) {
                ss += (v - mean) * (v - mean);
            }
        }
        return new double[] {mean, n > 1 ? Math.sqrt(ss / (n - 1)) : 0};
    }

    private static final String RUNS_HEADER =
            "data,model,published_as,architecture,seed,steps,g_params,d_params,modes,"
                    + "modes_covered,high_quality_share,reverse_kl,seconds";

    /** The runs as CSV, one line per run; {@link #parseRuns} reads it back. */
    public static String runsCsv(List<Run> runs) {
        StringBuilder b = new StringBuilder(RUNS_HEADER).append('\n');
        for (Run r : runs) {
            b.append(String.format(
                    Locale.ROOT,
                    "%s,%s,%s,%s,%d,%d,%d,%d,%d,%d,%.5f,%.5f,%.1f%n",
                    r.data(),
                    r.model(),
                    r.publishedAs(),
                    r.architecture(),
                    r.seed(),
                    r.steps(),
                    r.generatorParameters(),
                    r.discriminatorParameters(),
                    r.modes(),
                    r.modesCovered(),
                    r.highQualityShare(),
                    r.reverseKl(),
                    r.seconds()));
        }
        return b.toString();
    }

    /** Runs written by {@link #runsCsv}; {@code source} names the file in errors. */
    public static List<Run> parseRuns(String csv, String source) {
        List<String> lines = csv.lines().toList();
        if (lines.isEmpty() || !lines.get(0).equals(RUNS_HEADER)) {
            throw new BadInputException(source + ": expected a runs CSV whose first line is '"
                    + RUNS_HEADER + "'; got '" + (lines.isEmpty() ? "" : lines.get(0)) + "'");
        }
        List<Run> runs = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",", -1);
            try {
                if (f.length != 13) {
                    throw new NumberFormatException(f.length + " fields; expected 13");
                }
                runs.add(new Run(
                        f[0],
                        f[1],
                        f[2],
                        f[3],
                        Long.parseLong(f[4]),
                        Long.parseLong(f[5]),
                        Long.parseLong(f[6]),
                        Long.parseLong(f[7]),
                        Integer.parseInt(f[8]),
                        Integer.parseInt(f[9]),
                        Double.parseDouble(f[10]),
                        Double.parseDouble(f[11]),
                        Double.parseDouble(f[12])));
            } catch (NumberFormatException e) {
                throw new BadInputException(source + " line " + (i + 1) + ": '" + lines.get(i)
                        + "' is not a run (" + e.getMessage() + ")");
            }
        }
        return runs;
    }

    /** The summaries as CSV, with the published counterparts' numbers in the last columns. */
    public static String summaryCsv(List<Summary> rows) {
        StringBuilder b = new StringBuilder(
                "data,model,runs,steps,g_params,d_params,modes,modes_mean,modes_std,"
                        + "high_quality_mean,high_quality_std,reverse_kl_mean,reverse_kl_std,seconds_mean,"
                        + "veegan_modes,veegan_high_quality,veegan_kl,pacgan_modes,pacgan_high_quality,pacgan_kl\n");
        for (Summary s : rows) {
            PublishedResults.Row v = published(s, PublishedResults.VEEGAN);
            PublishedResults.Row p = published(s, PublishedResults.PACGAN);
            b.append(String.format(
                    Locale.ROOT,
                    "%s,%s,%d,%d,%d,%d,%d,%.3f,%.3f,%.5f,%.5f,%.5f,%.5f,%.1f,%s,%s,%s,%s,%s,%s%n",
                    s.data(),
                    s.model(),
                    s.runs(),
                    s.steps(),
                    s.generatorParameters(),
                    s.discriminatorParameters(),
                    s.modes(),
                    s.modesMean(),
                    s.modesStd(),
                    s.highQualityMean(),
                    s.highQualityStd(),
                    s.reverseKlMean(),
                    s.reverseKlStd(),
                    s.secondsMean(),
                    num(v, PublishedResults.Row::modes),
                    num(v, r -> r.highQualityPercent() / 100),
                    num(v, PublishedResults.Row::reverseKl),
                    num(p, PublishedResults.Row::modes),
                    num(p, r -> r.highQualityPercent() / 100),
                    num(p, PublishedResults.Row::reverseKl)));
        }
        return b.toString();
    }

    private static PublishedResults.Row published(Summary s, String source) {
        return PublishedResults.counterparts(s.data(), s.publishedAs()).stream()
                .filter(r -> r.source().equals(source))
                .findFirst()
                .orElse(null);
    }

    private static String num(PublishedResults.Row r, ToDoubleFunction<PublishedResults.Row> f) {
        if (r == null) {
            return "";
        }
        double v = f.applyAsDouble(r);
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4g", v);
    }

    /** A text table of the summaries, each beside the published numbers of its counterparts. */
    public static String table(List<Summary> rows) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(
                Locale.ROOT,
                "%-14s %-16s %5s %7s %8s %8s  %-17s %-17s %-15s  %s%n",
                "data",
                "model",
                "seeds",
                "steps",
                "G params",
                "D params",
                "modes",
                "high quality %",
                "reverse KL",
                "published (modes / HQ % / KL)"));
        for (Summary s : rows) {
            StringBuilder pub = new StringBuilder();
            for (PublishedResults.Row r :
                    PublishedResults.counterparts(s.data(), s.publishedAs())) {
                if (pub.length() > 0) {
                    pub.append("; ");
                }
                pub.append(r.source().startsWith("VEEGAN") ? "VEEGAN " : "PacGAN ")
                        .append(r.model())
                        .append(": ")
                        .append(fmt(r.modes()))
                        .append(" / ")
                        .append(fmt(r.highQualityPercent()))
                        .append(" / ")
                        .append(fmt(r.reverseKl()));
            }
            b.append(String.format(
                    Locale.ROOT,
                    "%-14s %-16s %5d %7d %8d %8d  %-17s %-17s %-15s  %s%n",
                    s.data(),
                    s.model(),
                    s.runs(),
                    s.steps(),
                    s.generatorParameters(),
                    s.discriminatorParameters(),
                    String.format(
                            Locale.ROOT, "%.1f ± %.1f /%d", s.modesMean(), s.modesStd(), s.modes()),
                    String.format(
                            Locale.ROOT,
                            "%.1f ± %.1f",
                            100 * s.highQualityMean(),
                            100 * s.highQualityStd()),
                    String.format(Locale.ROOT, "%.2f ± %.2f", s.reverseKlMean(), s.reverseKlStd()),
                    pub.length() == 0 ? "-" : pub));
        }
        return b.toString();
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3g", v);
    }
}
