package io.gankit.experiment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.gankit.AtomicFiles;
import io.gankit.BadInputException;
import io.gankit.data.DataFolder;
import io.gankit.data.Datasets;
import io.gankit.data.ImageSet;
import io.gankit.metrics.DomainClassifier;
import io.gankit.metrics.Features;
import io.gankit.metrics.GeneratorSource;
import io.gankit.metrics.Memorisation;
import io.gankit.metrics.NearestNeighbours;
import io.gankit.nn.Gan;
import io.gankit.plot.Charts;
import io.gankit.plot.ImageGrid;
import io.gankit.plot.Images;
import io.gankit.train.Run;
import io.gankit.train.TrainConfig;
import java.awt.image.BufferedImage;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.knowm.xchart.XYChart;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvWriteOptions;

/**
 * Does a sweep's GAN copy its training images? For each finished run of a sweep folder: the final
 * generator's samples against the images the run trained on and against an equally large held-out
 * set, in pixel space and in the domain classifier's feature space, scored by {@link Memorisation}
 * (median {@code d_train / d_held}, share of samples nearer a training image); a table with one row
 * per run and one per cell (mean and sd over seeds, beside the same score of real images), a
 * picture per cell of samples beside their nearest training images, and charts of the scores
 * against the training-set size.
 *
 * <p>The sets, for a run trained on the first L images of a training set of N ({@code limit}; L =
 * N without one) with a test set of M images (for MNIST N = 60,000, M = 10,000):
 * <ul>
 *   <li>T, the training images searched: the L images when L &lt;= M, else a random M of them;
 *   <li>H, the held-out images: a random min(L, M) of the test images (all when L &gt;= M), so H
 *       is exactly as large as T;
 *   <li>the real baseline: {@code samples} random training images outside T, scored as if
 *       generated. They copy nothing, so their score is "no copying" for this pair of sets; it
 *       sits below 1 (ratio) and above 1/2 (share) when H is further from the training images
 *       than T's own kind is (MNIST's test images come from other writers, and the domain
 *       classifier trained on the training images).
 * </ul>
 * The random subsets are drawn with {@value #SUBSET_SEED} whatever the run, so every run of a size
 * is searched against the same images. A run of L &gt; M is searched against M of its images only:
 * a sample that copies one of the others finds its original in T with chance M / L.
 *
 * <p>Pixel space: each image's 784 values scaled to [0, 1] ({@code byte / 255}), so distances lie
 * between 0 and 28; generated images are first rounded to bytes as a saved PNG would be
 * ({@link GeneratorSource}). Feature space: the 128-d penultimate layer of the data set's
 * {@link DomainClassifier}, which limits the study to 28x28 grayscale data (MNIST, Fashion-MNIST).
 *
 * <pre>{@code
 * MemorisationStudy.Result r = MemorisationStudy.builder()
 *         .setSweep(Path.of("runs/sweeps/mnist-memorisation"))
 *         .setData(DataFolder.resolve(null))
 *         .build()
 *         .run();
 * r.write(Path.of("results/experiments/mnist-memorisation"));
 * }</pre>
 */
public final class MemorisationStudy {
    /** Seeds the choice of the training and test images that stand in for a larger set. */
    public static final long SUBSET_SEED = 1;
    /** Seeds the generated samples' noise: every run is scored on the same noise. */
    public static final long NOISE_SEED = 1;
    /** Samples of each run in its cell's picture: those with the lowest pixel-space ratio. */
    public static final int SHOWN = 4;

    /** The score columns of a run's row, each computed in both spaces. */
    static final List<String> SCORES = List.of("ratio", "closer", "d_train", "d_held");
    /** The spaces, as they prefix the score columns. */
    static final List<String> SPACES = List.of("pixel", "feature");

    private final Path dir;
    private final DataFolder data;
    private final int samples;
    private final Path cache;
    private final PrintStream log;
    private final Experiment experiment;
    private final List<Experiment.RunKey> finished;

    private MemorisationStudy(Builder b, Experiment experiment, List<Experiment.RunKey> finished) {
        this.dir = b.sweep;
        this.data = b.data;
        this.samples = b.samples;
        this.cache = b.cache;
        this.log = b.log;
        this.experiment = experiment;
        this.finished = finished;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The runs the study scores: the sweep's finished ones, in the experiment's order. */
    public List<Experiment.RunKey> finishedRuns() {
        return finished;
    }

    /**
     * What the study found: one row per run, one per cell, and each cell's picture of generated
     * samples (left) beside their nearest training image in pixel space (middle) and in feature
     * space (right), by file name.
     */
    public record Result(
            String name, Table runs, Table cells, Map<String, BufferedImage> pictures) {
        /** {@code ratio} or {@code closer} of each cell against its training-set size, both spaces, with the real baseline. */
        public XYChart chart(String score) {
            boolean ratio = score.equals("ratio");
            if (!ratio && !score.equals("closer")) {
                throw new BadInputException("a chart of '" + score + "'; expected ratio or closer");
            }
            double[] x = cells.intColumn("limit").asDoubleArray();
            List<Charts.MeanSeries> series = new ArrayList<>();
            Map<String, List<Integer>> groups = new LinkedHashMap<>();
            for (int i = 0; i < cells.rowCount(); i++) {
                groups.computeIfAbsent(cells.stringColumn("group").get(i), g -> new ArrayList<>())
                        .add(i);
            }
            for (String space : SPACES) {
                for (Map.Entry<String, List<Integer>> g : groups.entrySet()) {
                    int[] rows =
                            g.getValue().stream().mapToInt(Integer::intValue).toArray();
                    String column = space + "_" + score;
                    series.add(new Charts.MeanSeries(
                            (g.getKey().isEmpty() ? "" : g.getKey() + ", ") + "generated, " + space
                                    + "s",
                            pick(x, rows),
                            pick(cells.doubleColumn(column + "_mean").asDoubleArray(), rows),
                            pick(cells.doubleColumn(column + "_sd").asDoubleArray(), rows)));
                }
                series.add(new Charts.MeanSeries(
                        "real images, " + space + "s",
                        x,
                        cells.doubleColumn("real_" + space + "_" + score).asDoubleArray(),
                        new double[x.length]));
            }
            return Charts.means(
                    name + ": "
                            + (ratio
                                    ? "median d_train / d_held"
                                    : "share of samples nearer a training image"),
                    "training images (limit)",
                    ratio ? "median d_train / d_held" : "share d_train < d_held",
                    true,
                    series,
                    "no preference",
                    ratio ? 1 : 0.5);
        }

        /**
         * Writes {@code memorisation-runs.csv}, {@code memorisation-cells.csv}, the charts
         * {@code memorisation-ratio.png} and {@code memorisation-closer.png} and each cell's picture
         * {@code memorisation-CELL.png} into {@code folder}, each atomically.
         */
        public void write(Path folder) {
            AtomicFiles.writeString(folder.resolve("memorisation-runs.csv"), csv(runs));
            AtomicFiles.writeString(folder.resolve("memorisation-cells.csv"), csv(cells));
            Images.writePng(chart("ratio"), folder.resolve("memorisation-ratio.png"));
            Images.writePng(chart("closer"), folder.resolve("memorisation-closer.png"));
            pictures.forEach((file, image) -> Images.writePng(image, folder.resolve(file)));
        }

        /** The cells as text for a terminal: mean +- sd of each space's ratio and share, and the real images' values. */
        public String summaryText() {
            StringBuilder sb = new StringBuilder(String.format(
                    Locale.ROOT,
                    "%-16s %4s  %-19s %-19s %-19s %-19s%n",
                    "cell",
                    "runs",
                    "pixel ratio",
                    "pixel closer",
                    "feature ratio",
                    "feature closer"));
            for (int i = 0; i < cells.rowCount(); i++) {
                sb.append(String.format(
                        Locale.ROOT,
                        "%-16s %4d",
                        cells.stringColumn("cell").get(i),
                        cells.intColumn("runs").getInt(i)));
                for (String space : SPACES) {
                    for (String score : List.of("ratio", "closer")) {
                        String c = space + "_" + score;
                        sb.append(String.format(
                                Locale.ROOT,
                                "  %-18s",
                                String.format(
                                        Locale.ROOT,
                                        "%.2f+-%.2f (%.2f)",
                                        cells.doubleColumn(c + "_mean").getDouble(i),
                                        cells.doubleColumn(c + "_sd").getDouble(i),
                                        cells.doubleColumn("real_" + c).getDouble(i))));
                    }
                }
                sb.append('\n');
            }
            sb.append(
                    "(in brackets: real training images outside the searched set, the no-copying baseline)\n");
            return sb.toString();
        }

        private static double[] pick(double[] v, int[] rows) {
            return Arrays.stream(rows).mapToDouble(r -> v[r]).toArray();
        }

        private static String csv(Table t) {
            StringWriter out = new StringWriter();
            t.write().usingOptions(CsvWriteOptions.builder(out).build());
            return out.toString();
        }
    }

    /** The images a run is compared with, shared by every run of the same data set and size. */
    private record Reference(
            int[] trainIndex,
            Features trainPixels,
            Features trainFeatures,
            Features heldPixels,
            Features heldFeatures,
            Memorisation realPixels,
            Memorisation realFeatures) {}

    /** Scores every finished run; see the class comment for what is compared with what. */
    public Result run() {
        Map<String, DomainClassifier> classifiers = new HashMap<>();
        Map<String, ImageSet[]> sets = new HashMap<>();
        Map<String, Reference> references = new HashMap<>();
        Table runs = runsTable();
        Map<String, List<float[]>> shown = new LinkedHashMap<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            for (Experiment.RunKey key : finished) {
                long started = System.nanoTime();
                Path folder = key.folder(dir);
                TrainConfig config = Run.readConfig(folder);
                String dataset = config.dataset();
                ImageSet[] trainTest = sets.computeIfAbsent(dataset, d -> new ImageSet[] {
                    Datasets.load(d, Datasets.Split.TRAIN, data),
                    Datasets.load(d, Datasets.Split.TEST, data)
                });
                ImageSet train = trainTest[0];
                if (train.channels() != 1 || train.height() != 28 || train.width() != 28) {
                    throw new BadInputException(folder + ": trained on " + dataset + " ("
                            + train.channels() + "x" + train.height() + "x" + train.width()
                            + " images); expected 1x28x28 images (mnist, fashion-mnist), which the "
                            + "kit's domain classifier gives features of");
                }
                DomainClassifier classifier = classifiers.computeIfAbsent(
                        dataset, d -> DomainClassifier.cached(d, data, cache, log));
                int limit =
                        config.limit() > 0 ? Math.min(config.limit(), train.size()) : train.size();
                Reference ref = references.computeIfAbsent(
                        dataset + "/" + limit,
                        k -> reference(train, trainTest[1], limit, classifier, manager));
                Scored s = score(folder, classifier, ref, manager);
                runs.stringColumn("cell").append(key.cell().name());
                runs.stringColumn("dataset").append(dataset);
                runs.intColumn("limit").append(limit);
                runs.longColumn("seed").append(key.seed());
                runs.intColumn("samples").append(samples);
                runs.intColumn("reference").append(ref.trainIndex().length);
                append(runs, "pixel", s.pixels());
                append(runs, "feature", s.features());
                shown.computeIfAbsent(key.cell().name(), c -> new ArrayList<>()).add(s.picture());
                if (log != null) {
                    log.printf(
                            Locale.ROOT,
                            "%s/seed-%d: pixels ratio %.3f, closer %.3f; features ratio %.3f, closer %.3f (%.1f s)%n",
                            key.cell().name(),
                            key.seed(),
                            s.pixels().ratio(),
                            s.pixels().closer(),
                            s.features().ratio(),
                            s.features().closer(),
                            (System.nanoTime() - started) / 1e9);
                }
            }
        } finally {
            classifiers.values().forEach(DomainClassifier::close);
        }
        Map<String, BufferedImage> pictures = new LinkedHashMap<>();
        shown.forEach((cell, rows) -> {
            int n = rows.stream().mapToInt(r -> r.length).sum() / PIXELS;
            float[] all = new float[n * PIXELS];
            int at = 0;
            for (float[] r : rows) {
                System.arraycopy(r, 0, all, at, r.length);
                at += r.length;
            }
            pictures.put("memorisation-" + cell + ".png", ImageGrid.of(all, n, 1, 28, 28, 3, 2));
        });
        return new Result(experiment.name(), runs, cellsTable(runs, references), pictures);
    }

    private static final int PIXELS = 28 * 28;

    private record Scored(Memorisation pixels, Memorisation features, float[] picture) {}

    /** One run: its generator's samples, their nearest neighbours in T and H in both spaces, its picture rows. */
    private Scored score(
            Path folder, DomainClassifier classifier, Reference ref, NDManager parent) {
        try (NDManager scope = parent.newSubManager();
                Gan gan = Run.loadGan(folder, scope)) {
            NDArray images =
                    new GeneratorSource(gan, NOISE_SEED, "run " + folder).next(scope, samples);
            Features pixels = pixels(images);
            Features features = classifier.features(images);
            NearestNeighbours.Match trainPix =
                    NearestNeighbours.of(pixels, ref.trainPixels(), scope);
            NearestNeighbours.Match heldPix = NearestNeighbours.of(pixels, ref.heldPixels(), scope);
            NearestNeighbours.Match trainFeat =
                    NearestNeighbours.of(features, ref.trainFeatures(), scope);
            NearestNeighbours.Match heldFeat =
                    NearestNeighbours.of(features, ref.heldFeatures(), scope);
            Memorisation p = Memorisation.of(trainPix.distance(), heldPix.distance());
            Memorisation f = Memorisation.of(trainFeat.distance(), heldFeat.distance());
            // the picture: the samples that lean most towards the training set in pixel space,
            // each beside its nearest training image in pixels and in features
            double[] ratio = IntStream.range(0, samples)
                    .mapToDouble(
                            i -> trainPix.distance()[i] / Math.max(1e-12, heldPix.distance()[i]))
                    .toArray();
            int[] order = IntStream.range(0, samples)
                    .boxed()
                    .sorted((a, b) -> Double.compare(ratio[a], ratio[b]))
                    .mapToInt(Integer::intValue)
                    .limit(Math.min(SHOWN, samples))
                    .toArray();
            float[] picture = new float[order.length * 3 * PIXELS];
            for (int r = 0; r < order.length; r++) {
                int i = order[r];
                copySigned(pixels, i, picture, 3 * r);
                copySigned(ref.trainPixels(), trainPix.index()[i], picture, 3 * r + 1);
                copySigned(ref.trainPixels(), trainFeat.index()[i], picture, 3 * r + 2);
            }
            return new Scored(p, f, picture);
        }
    }

    /** Row {@code row} of pixel rows in [0, 1] into slot {@code slot} of a picture in [-1, 1]. */
    private static void copySigned(Features pixels, int row, float[] picture, int slot) {
        float[] v = pixels.values();
        for (int k = 0; k < PIXELS; k++) {
            picture[slot * PIXELS + k] = v[row * PIXELS + k] * 2f - 1f;
        }
    }

    /** T, H and the real baseline of a run trained on the first {@code limit} images of {@code train}. */
    private Reference reference(
            ImageSet train,
            ImageSet test,
            int limit,
            DomainClassifier classifier,
            NDManager parent) {
        int m = Math.min(limit, test.size());
        int[] trainIndex = limit <= test.size()
                ? IntStream.range(0, limit).toArray()
                : choose(IntStream.range(0, limit).toArray(), m, SUBSET_SEED);
        int[] heldIndex = m == test.size()
                ? IntStream.range(0, m).toArray()
                : choose(IntStream.range(0, test.size()).toArray(), m, SUBSET_SEED + 1);
        boolean[] inT = new boolean[train.size()];
        for (int i : trainIndex) {
            inT[i] = true;
        }
        int[] outside = IntStream.range(0, train.size()).filter(i -> !inT[i]).toArray();
        int[] realIndex = choose(outside, Math.min(samples, outside.length), SUBSET_SEED + 2);
        try (NDManager scope = parent.newSubManager()) {
            ImageSet t = train.select(trainIndex);
            ImageSet h = test.select(heldIndex);
            NDArray tImages = t.uint8(scope);
            NDArray hImages = h.uint8(scope);
            Features tPix = pixels(tImages);
            Features hPix = pixels(hImages);
            Features tFeat = classifier.features(tImages);
            Features hFeat = classifier.features(hImages);
            Memorisation realPix = null;
            Memorisation realFeat = null;
            if (realIndex.length > 0) {
                NDArray real = train.select(realIndex).uint8(scope);
                Features rPix = pixels(real);
                Features rFeat = classifier.features(real);
                realPix = Memorisation.of(
                        NearestNeighbours.of(rPix, tPix, scope).distance(),
                        NearestNeighbours.of(rPix, hPix, scope).distance());
                realFeat = Memorisation.of(
                        NearestNeighbours.of(rFeat, tFeat, scope).distance(),
                        NearestNeighbours.of(rFeat, hFeat, scope).distance());
            }
            return new Reference(trainIndex, tPix, tFeat, hPix, hFeat, realPix, realFeat);
        }
    }

    /** {@code count} of {@code from}'s values, drawn without replacement with {@code seed}, in ascending order. */
    static int[] choose(int[] from, int count, long seed) {
        int[] pool = from.clone();
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(pool.length - i);
            int t = pool[i];
            pool[i] = pool[j];
            pool[j] = t;
        }
        int[] out = Arrays.copyOf(pool, count);
        Arrays.sort(out);
        return out;
    }

    /** Images (n, 1, 28, 28), values 0..255, as rows of pixel values in [0, 1]. */
    static Features pixels(NDArray images) {
        long n = images.getShape().get(0);
        int dim = Math.toIntExact(images.getShape().size() / Math.max(1, n));
        try (NDManager scope = images.getManager().newSubManager()) {
            NDArray f = images.toType(DataType.FLOAT32, true);
            f.attach(scope);
            return new Features(f.div(255f).toFloatArray(), Math.toIntExact(n), dim);
        }
    }

    private Table runsTable() {
        Table t = Table.create(
                experiment.name() + " memorisation",
                StringColumn.create("cell"),
                StringColumn.create("dataset"),
                IntColumn.create("limit"),
                LongColumn.create("seed"),
                IntColumn.create("samples"),
                IntColumn.create("reference"));
        for (String space : SPACES) {
            for (String score : SCORES) {
                t.addColumns(DoubleColumn.create(space + "_" + score));
            }
        }
        return t;
    }

    private static void append(Table t, String space, Memorisation m) {
        t.doubleColumn(space + "_ratio").append(m.ratio());
        t.doubleColumn(space + "_closer").append(m.closer());
        t.doubleColumn(space + "_d_train").append(m.medianTrain());
        t.doubleColumn(space + "_d_held").append(m.medianHeld());
    }

    /**
     * One row per cell with a finished run: its training-set size, the group it is charted in (its
     * values besides {@code limit}), mean and sd over its runs of every score, and the real baseline.
     */
    private Table cellsTable(Table runs, Map<String, Reference> references) {
        Table t = Table.create(
                experiment.name() + " memorisation cells",
                StringColumn.create("cell"),
                StringColumn.create("group"),
                IntColumn.create("limit"),
                IntColumn.create("runs"),
                IntColumn.create("reference"));
        for (String space : SPACES) {
            for (String score : SCORES) {
                t.addColumns(
                        DoubleColumn.create(space + "_" + score + "_mean"),
                        DoubleColumn.create(space + "_" + score + "_sd"));
            }
        }
        for (String space : SPACES) {
            t.addColumns(
                    DoubleColumn.create("real_" + space + "_ratio"),
                    DoubleColumn.create("real_" + space + "_closer"));
        }
        for (Experiment.Cell cell : experiment.cells()) {
            List<Integer> rows = new ArrayList<>();
            for (int i = 0; i < runs.rowCount(); i++) {
                if (runs.stringColumn("cell").get(i).equals(cell.name())) {
                    rows.add(i);
                }
            }
            if (rows.isEmpty()) {
                continue;
            }
            int first = rows.get(0);
            int limit = runs.intColumn("limit").getInt(first);
            t.stringColumn("cell").append(cell.name());
            List<String> group = new ArrayList<>();
            cell.values().forEach((k, v) -> {
                if (!k.equals("limit")) {
                    group.add(k + "=" + Experiment.Cell.text(v));
                }
            });
            t.stringColumn("group").append(String.join(",", group));
            t.intColumn("limit").append(limit);
            t.intColumn("runs").append(rows.size());
            t.intColumn("reference").append(runs.intColumn("reference").getInt(first));
            for (String space : SPACES) {
                for (String score : SCORES) {
                    String c = space + "_" + score;
                    double[] ms = SweepResults.meanAndSd(rows.stream()
                            .map(i -> runs.doubleColumn(c).getDouble(i))
                            .toList());
                    t.doubleColumn(c + "_mean").append(ms[0]);
                    t.doubleColumn(c + "_sd").append(ms[1]);
                }
            }
            // the baseline of the cell's data set and size: the same for every run of the cell
            Reference ref = references.get(runs.stringColumn("dataset").get(first) + "/" + limit);
            for (String space : SPACES) {
                Memorisation real = ref == null
                        ? null
                        : space.equals("pixel") ? ref.realPixels() : ref.realFeatures();
                t.doubleColumn("real_" + space + "_ratio")
                        .append(real == null ? Double.NaN : real.ratio());
                t.doubleColumn("real_" + space + "_closer")
                        .append(real == null ? Double.NaN : real.closer());
            }
        }
        return t;
    }

    /** Builds a {@link MemorisationStudy}; the sweep folder and the data folder are required. */
    public static final class Builder {
        private Path sweep;
        private DataFolder data;
        private int samples = 1_000;
        private Path cache = DomainClassifier.defaultCache();
        private PrintStream log;

        private Builder() {}

        /** The sweep's folder ({@code ./gankit sweep FILE --out DIR}): its {@code experiment.json} and run folders. */
        public Builder setSweep(Path dir) {
            this.sweep = dir;
            return this;
        }

        /** Where the data sets the runs trained on are. */
        public Builder setData(DataFolder data) {
            this.data = data;
            return this;
        }

        /** Generated samples scored per run (default 1,000). */
        public Builder optSamples(int samples) {
            this.samples = samples;
            return this;
        }

        /** Where the domain classifiers are cached (default {@link DomainClassifier#defaultCache()}). */
        public Builder optCache(Path cache) {
            this.cache = cache;
            return this;
        }

        /** Where each run's scores are printed as it is done (and a classifier's training, if one is needed). */
        public Builder optLog(PrintStream log) {
            this.log = log;
            return this;
        }

        /**
         * The study of the sweep's finished runs. A missing folder, a folder without the sweep's
         * {@code experiment.json}, or one with no finished run is refused, naming the folder.
         */
        public MemorisationStudy build() {
            if (sweep == null || data == null) {
                throw new BadInputException(
                        "a memorisation study needs a sweep folder and a data folder; call "
                                + "setSweep(dir) and setData(DataFolder.resolve(null))");
            }
            if (samples < 2) {
                throw new BadInputException(samples + " samples a run; expected at least 2");
            }
            if (!Files.isDirectory(sweep)) {
                throw new BadInputException(sweep + ": no such folder; expected a sweep's folder "
                        + "(./gankit sweep FILE --out DIR makes one)");
            }
            Path file = sweep.resolve(Sweep.EXPERIMENT_FILE);
            if (!Files.isRegularFile(file)) {
                throw new BadInputException(sweep + ": no " + Sweep.EXPERIMENT_FILE
                        + "; expected a sweep's folder (./gankit sweep FILE --out DIR makes one)");
            }
            Experiment experiment = Experiment.read(file);
            Sweep s = Sweep.of(experiment, sweep, data);
            List<Experiment.RunKey> finished = experiment.runs().stream()
                    .filter(k -> s.status(k) == Sweep.Status.FINISHED)
                    .toList();
            if (finished.isEmpty()) {
                Map<Sweep.Status, Long> counts = new LinkedHashMap<>();
                experiment.runs().forEach(k -> counts.merge(s.status(k), 1L, Long::sum));
                List<String> found = new ArrayList<>();
                counts.forEach((status, count) -> found.add(count + " "
                        + (status == Sweep.Status.NEW
                                ? "not started"
                                : status.name().toLowerCase(Locale.ROOT))));
                throw new BadInputException(sweep + ": no finished run (of "
                        + experiment.runs().size() + ": " + String.join(", ", found)
                        + "); expected at least one (./gankit sweep trains them)");
            }
            return new MemorisationStudy(this, experiment, finished);
        }
    }
}
