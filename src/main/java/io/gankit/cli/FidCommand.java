package io.gankit.cli;

import ai.djl.ndarray.NDManager;

import io.gankit.BadInputException;
import io.gankit.data.DataFolder;
import io.gankit.metrics.Features;
import io.gankit.metrics.FrechetDistance;
import io.gankit.metrics.GaussianStats;
import io.gankit.metrics.GeneratorSource;
import io.gankit.metrics.ImageFolder;
import io.gankit.metrics.KernelDistance;
import io.gankit.metrics.Passport;
import io.gankit.metrics.PrecisionRecall;
import io.gankit.metrics.Quantization;
import io.gankit.metrics.SampleSource;
import io.gankit.metrics.Score;
import io.gankit.metrics.StandardInception;
import io.gankit.metrics.TorchScriptDetector;
import io.gankit.nn.ModelSpec;
import io.gankit.train.Run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./gankit fid A B}: FID (and optionally KID, precision and recall) between image folders,
 * statistics files and run folders (whose generator is sampled).
 */
public final class FidCommand implements Command {
    /** Images drawn from a run's generator unless {@code --n} says otherwise (pytorch-fid's usual N). */
    static final int RUN_SAMPLES = 10_000;

    static final Flag<Path> DETECTOR = Flag.path("detector", "PATH", "TorchScript detector")
            .shownAs("DATA/detectors/" + StandardInception.FILE_NAME);
    static final Flag<Path> DATA = Flags.data("data folder holding the detector cache");
    static final Flag<Integer> BATCH = Flag.whole("batch", "N", "images per forward call")
            .defaultsTo(TorchScriptDetector.DEFAULT_BATCH)
            .atLeast(1);
    static final Flag<Integer> N = Flag.whole("n", "N", "use the first N images of each folder")
            .defaultsTo(0)
            .atLeast(0)
            .showZeroAs("all")
            .also("a run draws " + RUN_SAMPLES);
    static final Flag<Boolean> KID =
            Flag.toggle("kid", "also compute the kernel distance (both sides must be folders)");
    static final Flag<Boolean> PR = Flag.toggle(
            "pr",
            "also compute precision and recall (Kynkaanniemi et al., k = "
                    + PrecisionRecall.DEFAULT_K + "; folders)");
    static final Flag<Long> SEED = Flag.wholeLong(
                    "seed", "N", "seed of the KID subsets and of a run's noise")
            .defaultsTo(0L);
    static final Flag<Boolean> JSON =
            Flag.toggle("json", "print the scores as JSON instead of text");
    static final Flags FLAGS = Flags.of(DETECTOR, DATA, BATCH, N, KID, PR, SEED, JSON)
            .withArguments("REAL GENERATED", 2, 2);

    @Override
    public String name() {
        return "fid";
    }

    @Override
    public String summary() {
        return "FID between image folders, .npz statistics or a run's generator, printed with its passport";
    }

    @Override
    public String description() {
        return """
                REAL and GENERATED are each a folder of PNG images, a pytorch-fid statistics file (.npz with
                mu and sigma, e.g. written by ./gankit stats) or a run folder of ./gankit train (its final or
                newest checkpointed generator draws --n images from noise seeded by --seed, quantised as a
                saved PNG would be). Images go through the standard Inception (inception-2015-12-05.pt,
                downloaded into the data folder when online) or --detector.
                Prints the score and its passport: detector and SHA-256, N, image size, quantisation, method.""";
    }

    @Override
    public Flags flags() {
        return FLAGS;
    }

    @Override
    public int run(Args args) throws Exception {
        List<String> paths = args.positional();
        Path detectorPath = args.get(DETECTOR);
        Path data = args.get(DATA);
        int batch = args.get(BATCH);
        int limit = args.get(N);
        boolean kid = args.get(KID);
        boolean pr = args.get(PR);
        long seed = args.get(SEED);
        boolean json = args.get(JSON);
        Path real = Path.of(paths.get(0));
        Path generated = Path.of(paths.get(1));
        boolean needsDetector = !isStats(real) || !isStats(generated);
        if ((kid || pr) && (isStats(real) || isStats(generated))) {
            throw new BadInputException(
                    "--kid and --pr need features of both sides; statistics files hold only mu and sigma");
        }
        TorchScriptDetector detector =
                needsDetector ? openDetector(detectorPath, data, batch) : null;
        try {
            Side a = Side.of(real, detector, limit, seed);
            Side b = Side.of(generated, detector, limit, seed);
            Passport.Builder passport = (detector != null
                            ? Passport.forDetector(detector)
                            : Passport.builder()
                                    .setDetector(
                                            "unknown (both sides are statistics files)", "unknown"))
                    .setReal(a.n, a.source)
                    .setGenerated(b.n, b.source)
                    .setFeatureDim(a.stats.dim())
                    .optImageSize(
                            a.imageSize.equals(b.imageSize)
                                    ? a.imageSize
                                    : "real " + a.imageSize + ", generated " + b.imageSize)
                    .optQuantisation(
                            isRun(real) || isRun(generated)
                                    ? "run folders: " + Quantization.DESCRIPTION
                                            + "; folders: images read as stored (PNG bytes)"
                                    : "none: images read as stored (PNG bytes)");
            List<Score> scores = new ArrayList<>();
            boolean fromFeatures = a.features != null && b.features != null;
            double fid = fromFeatures
                    ? FrechetDistance.between(a.features, b.features)
                    : FrechetDistance.between(a.stats, b.stats);
            String method = fromFeatures
                    ? FrechetDistance.method(a.features.n(), b.features.n(), a.stats.dim())
                    : FrechetDistance.SQRT_METHOD;
            scores.add(Score.of("FID", fid, passport.optSqrtMethod(method).build()));
            if (kid) {
                KernelDistance.Result k = KernelDistance.of(a.features, b.features, seed);
                scores.add(new Score(
                        "KID",
                        k.mean(),
                        k.std(),
                        passport.optSqrtMethod("n/a").optSeed(seed).build()));
            }
            if (pr) {
                PrecisionRecall.Result r =
                        PrecisionRecall.of(a.features, b.features, PrecisionRecall.DEFAULT_K);
                Passport p = passport.optSqrtMethod("n/a").build();
                scores.add(Score.of("precision (k=" + r.k() + ")", r.precision(), p));
                scores.add(Score.of("recall (k=" + r.k() + ")", r.recall(), p));
            }
            print(scores, json);
            return 0;
        } finally {
            if (detector != null) {
                detector.close();
            }
        }
    }

    static void print(List<Score> scores, boolean json) {
        if (json) {
            com.google.gson.JsonArray all = new com.google.gson.JsonArray();
            scores.forEach(s -> all.add(s.toJsonObject()));
            System.out.println(new com.google.gson.GsonBuilder()
                    .setPrettyPrinting()
                    .serializeNulls()
                    .create()
                    .toJson(all));
        } else {
            scores.forEach(s -> System.out.println(s.toText()));
        }
    }

    /** A run folder of {@code ./gankit train}: it holds the run's {@code config.json}. */
    static boolean isRun(Path p) {
        return Files.isRegularFile(p.resolve("config.json"));
    }

    static boolean isStats(Path p) {
        return p.getFileName() != null && p.getFileName().toString().endsWith(".npz");
    }

    /** The detector given by path, else the standard Inception from the data folder's cache. */
    static TorchScriptDetector openDetector(Path path, Path data, int batch) {
        TorchScriptDetector d = path != null
                ? TorchScriptDetector.load(path)
                : TorchScriptDetector.load(StandardInception.locate(DataFolder.resolve(data)));
        return d.batchSize(batch);
    }

    /** One side of the comparison: statistics, and features when it was made of images. */
    record Side(GaussianStats stats, Features features, long n, String source, String imageSize) {
        static Side of(Path path, TorchScriptDetector detector, int limit, long seed) {
            if (isStats(path)) {
                GaussianStats s = GaussianStats.read(path);
                return new Side(
                        s,
                        null,
                        s.n(),
                        "statistics file " + path + " (sha256 " + sha256(path) + ")",
                        "unknown");
            }
            if (isRun(path)) {
                int n = limit > 0 ? limit : RUN_SAMPLES;
                try (NDManager manager = NDManager.newBaseManager()) {
                    // a GAN's G or a LAPGAN's chain; the data folder is the one the run recorded
                    GeneratorSource source = new GeneratorSource(
                            TrainCommand.loadSampler(
                                    path, TrainCommand.dataFolder(null, path), manager),
                            seed,
                            "run " + path);
                    Features f = detector.features(source, n);
                    ModelSpec spec = Run.readConfig(path).model();
                    return new Side(
                            f.stats(),
                            f,
                            n,
                            n + " images from the " + source.description(),
                            spec.channels() + "x" + spec.height() + "x" + spec.width());
                }
            }
            if (!Files.isDirectory(path)) {
                throw new BadInputException(
                        path + ": neither a folder of PNG images, a run folder (with config.json) "
                                + "nor a .npz statistics file");
            }
            ImageFolder folder = ImageFolder.open(path);
            int n = limit > 0 ? limit : (int) folder.size();
            Features f = detector.features((SampleSource) folder, n);
            return new Side(
                    f.stats(),
                    f,
                    n,
                    folder.description(),
                    folder.channels() + "x" + folder.height() + "x" + folder.width());
        }
    }

    static String sha256(Path file) {
        try {
            return DataFolder.sha256(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
