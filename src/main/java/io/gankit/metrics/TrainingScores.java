package io.gankit.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.gankit.AtomicFiles;
import io.gankit.BadInputException;
import io.gankit.nn.Gan;
import io.gankit.nn.ImageSampler;
import io.gankit.train.Checkpoint;
import io.gankit.train.GanTrainer;
import io.gankit.train.History;
import io.gankit.train.StepRecord;
import io.gankit.train.TrainListener;
import io.gankit.train.WeightAveraged;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;

/**
 * Scores a run while it trains: every {@code every} steps (or at every epoch's end), the FID and
 * Inception Score and the class coverage of {@code samples} generated images against a reference (and, for a conditional
 * GAN, the class agreement: the share of images the detector gives the class they were asked for), through a detector
 * (the kit's domain classifier, or the standard Inception, named as such by its {@link Detector#name()}).
 * Further detectors score the same images under a column prefix ({@link Builder#optAlso}): a sweep
 * records the domain FID as {@code fid} and, where the standard Inception's weights are present, the
 * standard one as {@code inception_fid}; coverage and agreement need the domain's classes and come
 * from the first detector only. A game that keeps a moving average of G ({@link WeightAveraged}) is
 * scored twice: {@code fid, is, coverage} for G, the same with {@code _ema} for the average. With a run folder
 * the scores go to {@code RUN/scores.csv} and the checkpoint with the lowest FID so far is kept in
 * {@code RUN/best/} (StudioGAN's DCGAN on CIFAR-10 was best at 42k steps and far worse by 200k). A
 * resumed run reads its scores back, so its best stays its best.
 */
public final class TrainingScores implements TrainListener {
    /** Where a run keeps its scores. */
    public static final String FILE = "scores.csv";

    private final Detector detector;
    private final Features reference;
    private final long every;
    private final int samples;
    private final long seed;
    private final Path runDir;
    private final String bestBy;
    private final Function<GanTrainer<?>, Map<String, ImageSampler>> generators;
    private final List<Also> also;
    private Table table;
    private long lastScored = -1;

    private TrainingScores(Builder b) {
        this.detector = b.detector;
        // features, not statistics: with fewer samples than dimensions (Inception's 2,048) the
        // distance is then taken in sample space, exact and free of the null space's rounding noise
        this.reference = b.reference;
        this.every = b.every;
        this.samples = b.samples;
        this.seed = b.seed;
        this.runDir = b.runDir;
        this.bestBy = b.bestBy;
        this.generators = b.generators;
        this.also = List.copyOf(b.also);
    }

    /** A further detector, its reference statistics and the prefix of its columns. */
    private record Also(String prefix, Detector detector, Features reference) {}

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The generators of a trainer's game by column suffix: a GAN's G as {@code ""} and, when kept,
     * its moving average as {@code "_ema"}, and so for every game that may keep one ({@link
     * WeightAveraged}: LAPGAN's and StyleGAN's trained generators as {@code ""}, their averages as
     * {@code "_ema"}); another game that samples images itself ({@link ImageSampler}) as {@code ""}.
     */
    public static Map<String, ImageSampler> generatorsOf(GanTrainer<?> trainer) {
        Map<String, ImageSampler> m = new LinkedHashMap<>();
        if (trainer.game() instanceof WeightAveraged game) {
            m.put("", game.sampler(false));
            if (game.keepsAverage()) {
                m.put("_ema", game.sampler(true));
            }
        } else if (trainer.game() instanceof ImageSampler sampler) {
            m.put("", sampler);
        } else {
            throw new BadInputException(trainer.game().getClass().getSimpleName()
                    + " draws no images from noise; scores need a GAN or an ImageSampler game");
        }
        return m;
    }

    @Override
    public void onStart(GanTrainer<?> trainer) {
        if (table == null) {
            table = runDir != null && Files.isRegularFile(runDir.resolve(FILE))
                    ? readBack(trainer)
                    : newTable(trainer);
        }
        if (trainer.stepsDone() == 0 && table.rowCount() == 0) {
            score(trainer); // the untrained generator: where the curve starts
        }
    }

    @Override
    public void onStep(GanTrainer<?> trainer, StepRecord record) {
        if (every > 0 && record.step() % every == 0) {
            score(trainer);
        }
    }

    @Override
    public void onEpochEnd(GanTrainer<?> trainer, int epoch) {
        if (every == 0) {
            score(trainer);
        }
    }

    @Override
    public void onEnd(GanTrainer<?> trainer, Outcome outcome) {
        if (outcome == Outcome.FINISHED && lastScored != trainer.stepsDone()) {
            score(trainer); // the final generator always has its score
        }
    }

    /** Scores the trainer's generators now and records a row (and the best checkpoint). */
    public void score(GanTrainer<?> trainer) {
        long step = trainer.stepsDone();
        table.longColumn("step").append(step);
        for (Map.Entry<String, ImageSampler> g : generators.apply(trainer).entrySet()) {
            try (NDManager scope = NDManager.newBaseManager()) {
                NDArray images =
                        new GeneratorSource(g.getValue(), seed, "training").next(scope, samples);
                double[] scores = fidIsAndCoverage(images);
                table.doubleColumn("fid" + g.getKey()).append(scores[0]);
                table.doubleColumn("is" + g.getKey()).append(scores[1]);
                table.doubleColumn("coverage" + g.getKey()).append(scores[2]);
                Gan conditional = conditional(g.getValue());
                if (conditional != null) {
                    table.doubleColumn("agreement" + g.getKey()).append(agreement(conditional));
                }
                for (Also a : also) {
                    double fid =
                            FrechetDistance.between(a.detector().features(images), a.reference());
                    double is = InceptionScore.of(
                                    a.detector().probabilities(images),
                                    InceptionScore.DEFAULT_SPLITS)
                            .mean();
                    table.doubleColumn(a.prefix() + "fid" + g.getKey()).append(fid);
                    table.doubleColumn(a.prefix() + "is" + g.getKey()).append(is);
                }
            }
        }
        lastScored = step;
        if (runDir != null) {
            AtomicFiles.writeString(runDir.resolve(FILE), csv());
            if (step > 0 && bestStep() == step) {
                Checkpoint.saveBest(trainer, runDir);
            }
        }
    }

    /**
     * FID, IS (10 splits) and class coverage of {@code images} (a generator's, drawn from the
     * seeded noise) through the first detector. Coverage counts the classes the detector assigns at least half their fair share
     * of the images to (1 / 2K of them for K classes): 10 for an MNIST generator that makes every
     * digit, fewer as modes collapse.
     */
    private double[] fidIsAndCoverage(NDArray images) {
        Features features = detector.features(images);
        double fid = FrechetDistance.between(features, reference);
        Features p = detector.probabilities(images);
        double is = InceptionScore.of(p, InceptionScore.DEFAULT_SPLITS).mean();
        return new double[] {fid, is, coverage(p)};
    }

    /**
     * The share of a conditional generator's images that the detector gives the class they were
     * asked for ({@link ClassAgreement}), {@code samples / classes} images of every class.
     */
    double agreement(Gan gan) {
        int perClass = Math.max(1, samples / gan.spec().classes());
        return ClassAgreement.measure(gan, detector, perClass, seed).overall();
    }

    /** The sampler as a conditional GAN (whose class agreement is scored too), else null. */
    private static Gan conditional(ImageSampler sampler) {
        return sampler instanceof Gan gan && gan.spec().conditional() ? gan : null;
    }

    /** Classes that get at least half their fair share of the images' most probable labels. */
    static int coverage(Features probabilities) {
        int k = probabilities.dim();
        int[] counts = new int[k];
        for (int i = 0; i < probabilities.n(); i++) {
            float[] row = probabilities.row(i);
            int best = 0;
            for (int c = 1; c < k; c++) {
                if (row[c] > row[best]) {
                    best = c;
                }
            }
            counts[best]++;
        }
        int covered = 0;
        for (int c : counts) {
            covered += 2L * k * c >= probabilities.n() ? 1 : 0;
        }
        return covered;
    }

    /**
     * The scores so far: {@code step, fid, is, coverage}, {@code agreement} for a conditional GAN and, for a moving average,
     * {@code fid_ema, is_ema, coverage_ema}; then each further detector's {@code PREFIXfid, PREFIXis} (and
     * their {@code _ema}).
     */
    public Table table() {
        return table;
    }

    /** The step with the lowest {@code bestBy} score so far (-1 before any score past step 0). */
    public long bestStep() {
        long best = -1;
        double low = Double.POSITIVE_INFINITY;
        for (int i = 0; i < table.rowCount(); i++) {
            double v = table.doubleColumn(bestBy).getDouble(i);
            if (table.longColumn("step").getLong(i) > 0 && v <= low) {
                low = v;
                best = table.longColumn("step").getLong(i);
            }
        }
        return best;
    }

    private Table newTable(GanTrainer<?> trainer) {
        Table t = Table.create(
                "scores (" + detector.name() + ", " + samples + " samples)",
                LongColumn.create("step"));
        for (Map.Entry<String, ImageSampler> g : generators.apply(trainer).entrySet()) {
            String suffix = g.getKey();
            t.addColumns(
                    DoubleColumn.create("fid" + suffix),
                    DoubleColumn.create("is" + suffix),
                    DoubleColumn.create("coverage" + suffix));
            if (conditional(g.getValue()) != null) {
                t.addColumns(DoubleColumn.create("agreement" + suffix));
            }
        }
        for (Map.Entry<String, ImageSampler> g : generators.apply(trainer).entrySet()) {
            for (Also a : also) {
                t.addColumns(
                        DoubleColumn.create(a.prefix() + "fid" + g.getKey()),
                        DoubleColumn.create(a.prefix() + "is" + g.getKey()));
            }
        }
        if (!t.columnNames().contains(bestBy)) {
            throw new BadInputException(
                    "best by '" + bestBy + "'; this run's scores are " + t.columnNames());
        }
        return t;
    }

    /** The scores a resumed run wrote before, up to its current step (later rows were never checkpointed). */
    private Table readBack(GanTrainer<?> trainer) {
        Table t = newTable(trainer);
        Path file = runDir.resolve(FILE);
        try {
            List<String> lines = Files.readAllLines(file);
            if (lines.isEmpty() || !lines.get(0).equals(String.join(",", t.columnNames()))) {
                throw BadInputException.of(
                        file,
                        "header " + (lines.isEmpty() ? "(empty)" : lines.get(0)),
                        String.join(",", t.columnNames()));
            }
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split(",", -1);
                long step = Long.parseLong(f[0]);
                if (step > trainer.stepsDone()) {
                    continue;
                }
                t.longColumn("step").append(step);
                for (int c = 1; c < f.length; c++) {
                    t.doubleColumn(c).append(Double.parseDouble(f[c]));
                }
                lastScored = step;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw BadInputException.of(
                    file, "a row that is not numbers (" + e.getMessage() + ")", "step and scores");
        }
        return t;
    }

    private String csv() {
        StringBuilder sb = new StringBuilder(String.join(",", table.columnNames())).append('\n');
        for (int i = 0; i < table.rowCount(); i++) {
            sb.append(table.longColumn("step").getLong(i));
            for (int c = 1; c < table.columnCount(); c++) {
                sb.append(',').append(History.number(table.doubleColumn(c).getDouble(i)));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Builds {@link TrainingScores}; the detector and the reference are required. */
    public static final class Builder {
        private Detector detector;
        private Features reference;
        private long every = 0; // 0: at every epoch's end
        private int samples =
                1_000; // enough for a stable domain FID on the kit's 128-d features; 10k for
        // published FIDs
        private long seed = 7;
        private Path runDir;
        private String bestBy = "fid";
        private final Function<GanTrainer<?>, Map<String, ImageSampler>> generators =
                TrainingScores::generatorsOf;
        private final List<Also> also = new ArrayList<>();

        private Builder() {}

        /** The network that turns images into features and class probabilities. */
        public Builder setDetector(Detector detector) {
            this.detector = detector;
            return this;
        }

        /** Features of real images through the same detector (for example the test set's). */
        public Builder setReference(Features reference) {
            this.reference = reference;
            return this;
        }

        /** Scores every this many steps (0: at each epoch's end). */
        public Builder optEvery(long steps) {
            this.every = steps;
            return this;
        }

        /** Generated images per score. */
        public Builder optSamples(int samples) {
            this.samples = samples;
            return this;
        }

        /** Seeds the scored images' noise: every score sees the same noise. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Writes {@code scores.csv} there and keeps the best checkpoint in {@code best/}. */
        public Builder optRunFolder(Path runDir) {
            this.runDir = runDir;
            return this;
        }

        /** The score whose lowest value marks the best checkpoint: {@code fid} (default) or {@code fid_ema}. */
        public Builder optBestBy(String column) {
            this.bestBy = column;
            return this;
        }

        /**
         * Also scores the same images through {@code detector} against {@code reference} (its
         * features of the same real images), as columns {@code PREFIXfid} and {@code PREFIXis}; for
         * example {@code optAlso("inception_", standardInception, features)}.
         */
        public Builder optAlso(String prefix, Detector detector, Features reference) {
            if (prefix == null || !prefix.matches("[a-z][a-z0-9]*_")) {
                throw new BadInputException(
                        "a score prefix '" + prefix
                                + "'; expected lower-case letters and digits ending in '_', for example inception_");
            }
            also.add(new Also(prefix, detector, reference));
            return this;
        }

        public TrainingScores build() {
            if (detector == null || reference == null) {
                throw new BadInputException(
                        "scores need a detector and reference features; call setDetector(...) "
                                + "and setReference(detector.features(realImages))");
            }
            if (every < 0 || samples < 2) {
                throw new BadInputException(String.format(
                        Locale.ROOT,
                        "scores every %d steps of %d samples; expected every >= 0 and at least 2 samples",
                        every,
                        samples));
            }
            return new TrainingScores(this);
        }
    }
}
