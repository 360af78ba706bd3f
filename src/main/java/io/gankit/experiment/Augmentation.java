package io.gankit.experiment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.gankit.AtomicFiles;
import io.gankit.BadInputException;
import io.gankit.Shard;
import io.gankit.data.DataFolder;
import io.gankit.data.Datasets;
import io.gankit.data.ImageSet;
import io.gankit.metrics.DomainClassifier;
import io.gankit.metrics.Quantization;
import io.gankit.nn.Architectures;
import io.gankit.nn.ConditionalSampler;
import io.gankit.nn.ModelSpec;
import io.gankit.plot.Charts;
import io.gankit.plot.ImageGrid;
import io.gankit.plot.Images;
import io.gankit.train.GanGame;
import io.gankit.train.GanTrainer;
import io.gankit.train.TrainConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.knowm.xchart.CategoryChart;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;
import tech.tablesaw.io.csv.CsvWriteOptions;

/**
 * Does a conditional GAN help a classifier that has few labels? For each labelled count {@code n}
 * and seed: a class-balanced sample of {@code n} labelled training images (from the seed); a
 * conditional GAN ({@code conditional-mlp}, through {@link GanTrainer}) trained on those {@code n}
 * images alone, so no label of the other training images leaks in; then the kit's one classifier
 * ({@link DomainClassifier#trainSteps}, the same steps and seed in every arm) trained on (a) the
 * {@code n} real images, (b) the real images plus {@code m} class-balanced cGAN samples labelled
 * with the class they were asked for, (c) the {@code m} samples alone; each scored on the test set.
 * {@code ./gankit augment} runs the job list; {@link #runsTable} and {@link #cellsTable} are the
 * results per run and per (data set, n): mean and sample standard deviation over seeds.
 */
public final class Augmentation {
    /** Label counts of the full experiment (issue 15, item 4c). */
    public static final List<Integer> LABELS = List.of(100, 1000);
    /** Seeds per label count of the full experiment. */
    public static final int SEEDS = 5;
    /**
     * cGAN samples added: the same 5,000 (500 a class) for every label count, so that what changes
     * between 100 and 1,000 labels is what the cGAN and the classifier learnt from, not how much
     * synthetic data there is.
     */
    public static final int SYNTHETIC = 5000;
    /**
     * cGAN steps: about a minute on an idle engine thread (two beside other work). Fewer are not
     * enough here: after 300 steps on 100 labelled digits the samples were blobs of no class
     * (a classifier trained on them alone scored chance), after 3,000 they were digits of their class.
     */
    public static final long GAN_STEPS = 3000;
    /** Classifier steps of every arm (batch 128, or the whole set when smaller). */
    public static final long CLASSIFIER_STEPS = 1000;

    /** The conditional GAN's architecture. */
    public static final String GAN = "conditional-mlp";

    /** The smoke test's settings: seconds, not a result. */
    public static final List<Integer> QUICK_LABELS = List.of(100);

    public static final int QUICK_SEEDS = 2;
    public static final int QUICK_SYNTHETIC = 200;
    public static final long QUICK_STEPS = 20;
    public static final int QUICK_TEST = 1000;

    /** The columns of {@link #runsTable}: numbers averaged per cell by {@link #cellsTable}. */
    public static final List<String> MEASURES = List.of(
            "acc_real", "acc_real_gan", "acc_gan", "gain", "gan_seconds", "classifier_seconds");

    private Augmentation() {}

    /**
     * What one experiment runs.
     *
     * @param dataset {@code mnist} or {@code fashion-mnist} (the classifier takes 1x28x28 images)
     * @param labels the labelled counts, each a multiple of the class count
     * @param seeds seeds 1 to {@code seeds} per labelled count
     * @param synthetic cGAN samples added, a multiple of the class count
     * @param ganSteps cGAN training steps
     * @param classifierSteps steps of each classifier
     * @param testLimit score on the first this many test images (0: all)
     */
    public record Settings(
            String dataset,
            List<Integer> labels,
            int seeds,
            int synthetic,
            long ganSteps,
            long classifierSteps,
            int testLimit) {
        public Settings {
            if (!List.of("mnist", "fashion-mnist").contains(dataset)) {
                throw new BadInputException("data set '" + dataset
                        + "'; expected mnist or fashion-mnist (the classifier takes 1x28x28)");
            }
            if (labels.isEmpty() || labels.stream().anyMatch(n -> n <= 0)) {
                throw new BadInputException("labelled counts " + labels
                        + "; expected one or more positive numbers, such as 100,1000");
            }
            labels = List.copyOf(labels);
            check(seeds >= 1, "seeds " + seeds + "; expected at least 1");
            check(synthetic >= 1, "synthetic images " + synthetic + "; expected at least 1");
            check(ganSteps >= 1, "cGAN steps " + ganSteps + "; expected at least 1");
            check(
                    classifierSteps >= 1,
                    "classifier steps " + classifierSteps + "; expected at least 1");
            check(testLimit >= 0, "test limit " + testLimit + "; expected 0 (all) or more");
        }

        /** A builder with the full experiment's settings on MNIST. */
        public static Builder builder() {
            return new Builder();
        }

        /** The builder of the smoke test: one label count, 2 seeds, a few steps, 1,000 test images. */
        public static Builder quickBuilder() {
            return builder()
                    .optLabels(QUICK_LABELS)
                    .optSeeds(QUICK_SEEDS)
                    .optSynthetic(QUICK_SYNTHETIC)
                    .optGanSteps(QUICK_STEPS)
                    .optClassifierSteps(QUICK_STEPS)
                    .optTestLimit(QUICK_TEST);
        }

        /** Builds {@link Settings}; every value has the full experiment's default. */
        public static final class Builder {
            private String dataset = "mnist";
            private List<Integer> labels = LABELS;
            private int seeds = SEEDS;
            private int synthetic = SYNTHETIC;
            private long ganSteps = GAN_STEPS;
            private long classifierSteps = CLASSIFIER_STEPS;
            private int testLimit = 0;

            private Builder() {}

            public Builder setDataset(String dataset) {
                this.dataset = dataset;
                return this;
            }

            public Builder optLabels(List<Integer> labels) {
                this.labels = labels;
                return this;
            }

            public Builder optSeeds(int seeds) {
                this.seeds = seeds;
                return this;
            }

            public Builder optSynthetic(int synthetic) {
                this.synthetic = synthetic;
                return this;
            }

            public Builder optGanSteps(long steps) {
                this.ganSteps = steps;
                return this;
            }

            public Builder optClassifierSteps(long steps) {
                this.classifierSteps = steps;
                return this;
            }

            public Builder optTestLimit(int images) {
                this.testLimit = images;
                return this;
            }

            /** The settings; throws {@link BadInputException} naming the first value out of range. */
            public Settings build() {
                return new Settings(
                        dataset, labels, seeds, synthetic, ganSteps, classifierSteps, testLimit);
            }
        }
    }

    /** One (labelled count, seed) of an experiment. */
    public record Job(String dataset, int labels, long seed) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s, %,d labels, seed %d", dataset, labels, seed);
        }
    }

    /**
     * What one job measured: test accuracy of the classifier trained on the real labelled images
     * alone, on them plus the cGAN's samples, and on the samples alone; seconds of cGAN training and
     * sampling, and of the three classifiers' training and scoring.
     */
    public record Result(
            String dataset,
            int labels,
            long seed,
            int synthetic,
            double accuracyReal,
            double accuracyRealGan,
            double accuracyGan,
            double ganSeconds,
            double classifierSeconds) {
        /** What the samples added: accuracy with them minus without, on the same subset and seed. */
        public double gain() {
            return accuracyRealGan - accuracyReal;
        }

        /** The job that made this result. */
        public Job job() {
            return new Job(dataset, labels, seed);
        }
    }

    /** Every job in table order: each labelled count in turn, seeds 1 to {@code s.seeds()}. */
    public static List<Job> jobs(Settings s) {
        List<Job> jobs = new ArrayList<>();
        for (int n : s.labels()) {
            for (long seed = 1; seed <= s.seeds(); seed++) {
                jobs.add(new Job(s.dataset(), n, seed));
            }
        }
        return jobs;
    }

    /**
     * Refuses settings that {@code train} cannot serve, before anything trains: a labelled count or
     * a synthetic count that is not a multiple of the class count, or more labels than a class has.
     */
    public static void check(Settings s, ImageSet train) {
        for (int n : s.labels()) {
            train.balancedSample(n, 1); // throws, naming n
        }
        int classes = train.classNames().size();
        if (s.synthetic() % classes != 0) {
            throw new BadInputException("synthetic images " + s.synthetic()
                    + "; expected a multiple of the " + classes + " classes, so that every "
                    + "class gets as many");
        }
    }

    /**
     * Runs {@code shard}'s jobs of {@code jobs} one after another on the data set's training and test
     * splits in {@code data}, printing a line per stage and per job to {@code log} (numbered in the
     * whole list, with the time this process has left extrapolated from its jobs done), writing the
     * sample grids of seed 1 into {@code out}, and giving each result to {@code done} at once, so a
     * caller can save it before the next starts.
     */
    public static void run(
            List<Job> jobs,
            Shard shard,
            Set<Job> finishedBefore,
            Settings s,
            DataFolder data,
            Path out,
            PrintStream log,
            Consumer<Result> done) {
        ImageSet train = Datasets.load(s.dataset(), Datasets.Split.TRAIN, data);
        ImageSet test = Datasets.load(s.dataset(), Datasets.Split.TEST, data);
        if (s.testLimit() > 0) {
            test = test.limit(s.testLimit());
        }
        check(s, train);
        int mine = (int) shard.select(jobs).stream()
                .filter(j -> !finishedBefore.contains(j))
                .count();
        int finished = 0;
        long started = System.nanoTime();
        for (int i = 0; i < jobs.size(); i++) {
            if (!shard.owns(i) || finishedBefore.contains(jobs.get(i))) {
                continue; // another worker's, or measured by an earlier, interrupted start
            }
            Job job = jobs.get(i);
            String number = "[" + (i + 1) + "/" + jobs.size() + "]";
            log.printf(
                    Locale.ROOT,
                    "%s %s: the cGAN, %,d steps on the %,d labelled images%n",
                    number,
                    job,
                    s.ganSteps(),
                    job.labels());
            Result r = run(job, s, train, test, job.seed() == 1 ? out : null, log);
            done.accept(r);
            finished++;
            double perJob = (System.nanoTime() - started) / 1e9 / finished;
            log.printf(
                    Locale.ROOT,
                    "%s %s: real %.4f, real + %,d cGAN %.4f (gain %+.4f), cGAN only %.4f;"
                            + " %.0f s cGAN, %.0f s classifiers; about %s left%s%n",
                    number,
                    job,
                    r.accuracyReal(),
                    r.synthetic(),
                    r.accuracyRealGan(),
                    r.gain(),
                    r.accuracyGan(),
                    r.ganSeconds(),
                    r.classifierSeconds(),
                    duration(perJob * (mine - finished)),
                    shard.isAll() ? "" : " in worker " + shard);
        }
    }

    /**
     * One job: the balanced labelled subset, the cGAN trained on it, its samples, the three
     * classifiers and their test accuracy. With {@code grids} not null, writes there the cGAN's
     * samples (a row per class) and the labelled images (up to 10 a class).
     */
    public static Result run(
            Job job, Settings s, ImageSet train, ImageSet test, Path grids, PrintStream log) {
        ImageSet labelled = train.balancedSample(job.labels(), job.seed());
        List<String> classes = labelled.classNames();
        // the model's own batch, or the whole subset when it is smaller (GanTrainer needs a batch)
        int batch = Math.min(Architectures.get(GAN).defaultBatchSize(), labelled.size());
        TrainConfig config = TrainConfig.builder()
                .setDataset(job.dataset())
                .setModel(ModelSpec.seedMnist().withArchitecture(GAN))
                .optBatchSize(batch)
                .optSeed(job.seed())
                .build()
                .lasting(s.ganSteps(), labelled.size())
                .fittedTo(labelled);
        long t0 = System.nanoTime();
        ImageSet synthetic;
        try (NDManager manager = NDManager.newBaseManager();
                GanTrainer<GanGame> trainer = GanTrainer.create(config, labelled, manager)) {
            trainer.fit();
            ConditionalSampler sampler = new ConditionalSampler(trainer.game().gan());
            int[] labels = new int[s.synthetic()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = i * classes.size() / labels.length; // class after class, balanced
            }
            // the latent noise from its own stream: the subset and the cGAN drew from the seed
            SplittableRandom noise = new SplittableRandom(job.seed()).split();
            try (NDManager scope = manager.newSubManager()) {
                NDArray images = Quantization.fromSigned(sampler.generate(scope, labels, noise));
                synthetic =
                        ImageSet.fromUint8("cGAN samples (" + job + ")", images, labels, classes);
            }
            if (grids != null) {
                writeGrids(job, sampler, labelled, grids, manager);
            }
        }
        double ganSeconds = (System.nanoTime() - t0) / 1e9;
        log.printf(
                Locale.ROOT,
                "  %s: cGAN trained and sampled in %.0f s; classifiers on real, real + cGAN and"
                        + " cGAN only (%,d steps each)%n",
                job,
                ganSeconds,
                s.classifierSteps());
        long t1 = System.nanoTime();
        double real = accuracy("real", labelled, s, job, test);
        double realGan = accuracy("real + cGAN", labelled.concat(synthetic), s, job, test);
        double gan = accuracy("cGAN", synthetic, s, job, test);
        return new Result(
                job.dataset(),
                job.labels(),
                job.seed(),
                s.synthetic(),
                real,
                realGan,
                gan,
                ganSeconds,
                (System.nanoTime() - t1) / 1e9);
    }

    /** Test accuracy of a classifier trained on {@code set}, with the job's seed and the steps of every arm. */
    private static double accuracy(String arm, ImageSet set, Settings s, Job job, ImageSet test) {
        try (DomainClassifier c = DomainClassifier.trainSteps(
                job.dataset() + "-cnn (" + arm + ")", set, s.classifierSteps(), job.seed(), null)) {
            return c.accuracy(test);
        }
    }

    /** {@code samples-N-labels.png} (10 cGAN samples a class) and {@code labelled-N-labels.png}. */
    private static void writeGrids(
            Job job, ConditionalSampler sampler, ImageSet labelled, Path out, NDManager manager) {
        int perClass = 10;
        try (NDManager scope = manager.newSubManager()) {
            NDArray samples = sampler.everyClass(scope, perClass, new SplittableRandom(job.seed()));
            Images.writePng(
                    ImageGrid.of(samples, perClass, 2),
                    out.resolve("samples-" + job.labels() + "-labels.png"));
            // the labelled images the cGAN learnt from, a row per class, beside its samples
            ImageSet rows = null;
            for (int k = 0; k < labelled.classNames().size(); k++) {
                ImageSet row = labelled.ofLabel(k).limit(perClass);
                rows = rows == null ? row : rows.concat(row);
            }
            int[] all = new int[rows.size()];
            Arrays.setAll(all, i -> i);
            Images.writePng(
                    ImageGrid.of(
                            rows.batch(scope, all),
                            Math.min(
                                    perClass,
                                    labelled.size() / labelled.classNames().size()),
                            2),
                    out.resolve("labelled-" + job.labels() + "-labels.png"));
        }
    }

    /** One row per result: the job, the synthetic count, the three accuracies, the gain, seconds. */
    public static Table runsTable(List<Result> results) {
        Table t = Table.create(
                "augment runs",
                StringColumn.create("dataset"),
                IntColumn.create("labels"),
                IntColumn.create("seed"),
                IntColumn.create("synthetic"));
        for (String m : MEASURES) {
            t.addColumns(DoubleColumn.create(m));
        }
        for (Result r : results) {
            t.stringColumn("dataset").append(r.dataset());
            t.intColumn("labels").append(r.labels());
            t.intColumn("seed").append(Math.toIntExact(r.seed()));
            t.intColumn("synthetic").append(r.synthetic());
            t.doubleColumn("acc_real").append(r.accuracyReal());
            t.doubleColumn("acc_real_gan").append(r.accuracyRealGan());
            t.doubleColumn("acc_gan").append(r.accuracyGan());
            t.doubleColumn("gain").append(r.gain());
            t.doubleColumn("gan_seconds").append(r.ganSeconds());
            t.doubleColumn("classifier_seconds").append(r.classifierSeconds());
        }
        return t;
    }

    /**
     * One row per (data set, labelled count), in the order they first appear: the runs, and
     * {@code NAME_mean} and {@code NAME_sd} (sample standard deviation, 0 for one run) of every
     * measure over the seeds. The gain's sd is that of the paired differences, the spread that
     * decides whether the samples help.
     */
    public static Table cellsTable(List<Result> results) {
        Table t = Table.create(
                "augment cells",
                StringColumn.create("dataset"),
                IntColumn.create("labels"),
                IntColumn.create("runs"));
        for (String m : MEASURES) {
            t.addColumns(DoubleColumn.create(m + "_mean"), DoubleColumn.create(m + "_sd"));
        }
        Table runs = runsTable(results);
        Map<String, List<Integer>> cells = new LinkedHashMap<>();
        for (int i = 0; i < runs.rowCount(); i++) {
            cells.computeIfAbsent(
                            runs.stringColumn("dataset").get(i) + "/"
                                    + runs.intColumn("labels").get(i),
                            k -> new ArrayList<>())
                    .add(i);
        }
        for (List<Integer> rows : cells.values()) {
            t.stringColumn("dataset").append(runs.stringColumn("dataset").get(rows.get(0)));
            t.intColumn("labels").append(runs.intColumn("labels").get(rows.get(0)));
            t.intColumn("runs").append(rows.size());
            for (String m : MEASURES) {
                List<Double> values = new ArrayList<>();
                rows.forEach(i -> values.add(runs.doubleColumn(m).getDouble(i)));
                double[] ms = SweepResults.meanAndSd(values);
                t.doubleColumn(m + "_mean").append(ms[0]);
                t.doubleColumn(m + "_sd").append(ms[1]);
            }
        }
        return t;
    }

    /** {@code results} sorted into the order of their jobs in {@code jobs}; results of no job first. */
    public static List<Result> inJobOrder(List<Job> jobs, List<Result> results) {
        List<Result> sorted = new ArrayList<>(results);
        sorted.sort(Comparator.comparingInt(r -> jobs.indexOf(r.job())));
        return sorted;
    }

    /** The results of a runs CSV written by {@link #writeRuns}. */
    public static List<Result> readRuns(Path file) {
        Table t;
        try {
            t = Table.read()
                    .usingOptions(CsvReadOptions.builder(new StringReader(Files.readString(file)))
                            .tableName(file.toString())
                            .columnTypes(column -> switch (column) {
                                case "dataset" -> ColumnType.STRING;
                                case "labels", "seed", "synthetic" -> ColumnType.INTEGER;
                                default -> ColumnType.DOUBLE;
                            }));
        } catch (IOException | RuntimeException e) {
            throw new BadInputException(
                    file + ": not readable as augment runs (" + e.getMessage()
                            + "); expected a runs.csv written by ./gankit augment",
                    e);
        }
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < t.rowCount(); i++) {
            results.add(new Result(
                    t.stringColumn("dataset").get(i),
                    t.intColumn("labels").getInt(i),
                    t.intColumn("seed").getInt(i),
                    t.intColumn("synthetic").getInt(i),
                    t.doubleColumn("acc_real").getDouble(i),
                    t.doubleColumn("acc_real_gan").getDouble(i),
                    t.doubleColumn("acc_gan").getDouble(i),
                    t.doubleColumn("gan_seconds").getDouble(i),
                    t.doubleColumn("classifier_seconds").getDouble(i)));
        }
        return results;
    }

    /** Writes {@link #runsTable} of {@code results} to {@code file} as CSV, atomically. */
    public static void writeRuns(List<Result> results, Path file) {
        AtomicFiles.writeString(file, csv(runsTable(results)));
    }

    /**
     * Writes what an experiment's folder holds: {@code runs.csv}, {@code cells.csv} and
     * {@code accuracy.png} (mean test accuracy of each arm per labelled count, with one sd).
     */
    public static void writeSummary(List<Result> results, Path out) {
        writeRuns(results, out.resolve("runs.csv"));
        AtomicFiles.writeString(out.resolve("cells.csv"), csv(cellsTable(results)));
        Images.writePng(chart(results), out.resolve("accuracy.png"));
    }

    /** Mean test accuracy of each arm per (data set, labelled count), with error bars of one sd. */
    public static CategoryChart chart(List<Result> results) {
        Table cells = cellsTable(results);
        List<String> categories = new ArrayList<>();
        for (int i = 0; i < cells.rowCount(); i++) {
            categories.add(String.format(
                    Locale.ROOT,
                    "%s, %,d labels",
                    cells.stringColumn("dataset").get(i),
                    cells.intColumn("labels").getInt(i)));
        }
        Map<String, double[]> means = new LinkedHashMap<>();
        Map<String, double[]> sds = new LinkedHashMap<>();
        Map<String, String> arms = new LinkedHashMap<>();
        arms.put("real only", "acc_real");
        arms.put("real + cGAN samples", "acc_real_gan");
        arms.put("cGAN samples only", "acc_gan");
        arms.forEach((name, column) -> {
            means.put(name, cells.doubleColumn(column + "_mean").asDoubleArray());
            sds.put(name, cells.doubleColumn(column + "_sd").asDoubleArray());
        });
        return Charts.bars(
                "Test accuracy, mean +- sd over seeds", "test accuracy", categories, means, sds);
    }

    /** The cells as text for a terminal: mean +- sd of each arm and of the gain, per cell. */
    public static String summaryText(List<Result> results) {
        Table cells = cellsTable(results);
        StringBuilder sb = new StringBuilder(String.format(
                Locale.ROOT,
                "%-14s %7s %5s  %-18s %-18s %-18s %-18s%n",
                "dataset",
                "labels",
                "runs",
                "real only",
                "real + cGAN",
                "gain",
                "cGAN only"));
        for (int i = 0; i < cells.rowCount(); i++) {
            sb.append(String.format(
                    Locale.ROOT,
                    "%-14s %,7d %5d  %-18s %-18s %-18s %-18s%n",
                    cells.stringColumn("dataset").get(i),
                    cells.intColumn("labels").getInt(i),
                    cells.intColumn("runs").getInt(i),
                    meanSd(cells, "acc_real", i),
                    meanSd(cells, "acc_real_gan", i),
                    meanSd(cells, "gain", i),
                    meanSd(cells, "acc_gan", i)));
        }
        return sb.toString();
    }

    private static String meanSd(Table cells, String measure, int row) {
        return String.format(
                Locale.ROOT,
                "%.4f +- %.4f",
                cells.doubleColumn(measure + "_mean").getDouble(row),
                cells.doubleColumn(measure + "_sd").getDouble(row));
    }

    /** Seconds as people read them: 40 s, 12 min, 1.5 h. */
    static String duration(double seconds) {
        if (seconds < 90) {
            return String.format(Locale.ROOT, "%.0f s", seconds);
        }
        if (seconds < 5400) {
            return String.format(Locale.ROOT, "%.0f min", seconds / 60);
        }
        return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
    }

    private static String csv(Table t) {
        StringWriter out = new StringWriter();
        t.write().usingOptions(CsvWriteOptions.builder(out).build());
        return out.toString();
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new BadInputException(message);
        }
    }
}
