package io.gankit.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.gankit.AtomicFiles;
import io.gankit.BadInputException;
import io.gankit.GankitException;
import io.gankit.data.DataFolder;
import io.gankit.data.Datasets;
import io.gankit.experiment.Experiment;
import io.gankit.metrics.ClassAgreement;
import io.gankit.metrics.DomainClassifier;
import io.gankit.metrics.Features;
import io.gankit.metrics.NpyArray;
import io.gankit.metrics.Npz;
import io.gankit.metrics.Quantization;
import io.gankit.metrics.TrainingScores;
import io.gankit.plot.Charts;
import io.gankit.plot.Images;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * How fast a conditional GAN learns to draw the digit it is asked for, in the kit and in PyTorch:
 * the kit's runs are a sweep of {@code experiments/mnist-cgan-speed.json} (class agreement after
 * every epoch in each run's {@code scores.csv}); the same model, loss, optimiser and step in
 * PyTorch ({@code bench/peer_cgan.py}) is trained here for the same seeds and epochs, and its
 * samples are read by the same judge, the kit's MNIST domain classifier. Both sides' agreement
 * after the chosen epochs, mean and sd over seeds, and Welch's t of the difference.
 */
public final class ConditioningRace {
    /** Epochs after which the two sides are compared (those within the runs' length). */
    public static final int[] EPOCHS = {2, 5, 10, 20};
    /** Images of each digit the judge reads per score, as the kit's scores do (1,000 in all). */
    public static final int PER_CLASS = 100;

    /**
     * @param kitSweep the kit's sweep folder (it holds {@code experiment.json} and {@code base/seed-N})
     * @param out where the PyTorch runs and the tables go
     * @param python a Python with torch and numpy
     * @param workers PyTorch runs trained at once, one thread each
     */
    public record Settings(Path kitSweep, Path out, Path python, DataFolder data, int workers) {}

    private final Settings s;
    private final PrintStream log;

    public ConditioningRace(Settings settings, PrintStream log) {
        this.s = settings;
        this.log = log;
    }

    /** Trains the missing PyTorch runs, scores both sides, writes the tables and chart, returns the summary. */
    public Table run() throws IOException, InterruptedException {
        Experiment kit = Experiment.read(s.kitSweep().resolve("experiment.json"));
        int epochs = kit.base().has("epochs") ? kit.base().get("epochs").getAsInt() : 0;
        int[] at = IntStream.of(EPOCHS).filter(e -> e <= epochs).toArray();
        if (at.length == 0 || !kit.grid().isEmpty()) {
            throw BadInputException.of(
                    s.kitSweep().resolve("experiment.json"),
                    epochs + " epochs and a grid over " + kit.grid().keySet(),
                    "one cell (no grid) of at least " + EPOCHS[0] + " epochs, as"
                            + " experiments/mnist-cgan-speed.json");
        }
        Datasets.load("mnist", Datasets.Split.TRAIN, s.data()); // the peer reads the same files
        trainPeers(kit.seeds(), epochs, at);
        Table runs = Table.create(
                "class agreement by run",
                StringColumn.create("side"),
                LongColumn.create("seed"),
                IntColumn.create("epoch"),
                DoubleColumn.create("agreement"));
        try (DomainClassifier judge = DomainClassifier.cached("mnist", s.data(), log)) {
            for (long seed : kit.seeds()) {
                double[] byEpoch = kitAgreement(seed);
                for (int e : at) {
                    add(runs, "kit", seed, e, e < byEpoch.length ? byEpoch[e] : Double.NaN);
                }
                for (int e : at) {
                    add(runs, "pytorch", seed, e, peerAgreement(judge, seed, e));
                }
            }
        }
        Table summary = summarise(runs, at);
        Files.createDirectories(s.out());
        AtomicFiles.writeString(s.out().resolve("runs.csv"), runs.write().toString("csv"));
        AtomicFiles.writeString(s.out().resolve("summary.csv"), summary.write().toString("csv"));
        Map<String, Table> bands = new LinkedHashMap<>();
        for (String side : List.of("kit", "pytorch")) {
            Table band = Table.create(
                    side,
                    LongColumn.create("step"),
                    DoubleColumn.create("mean"),
                    DoubleColumn.create("sd"));
            for (int i = 0; i < summary.rowCount(); i++) {
                band.longColumn("step").append(summary.intColumn("epoch").getInt(i));
                band.doubleColumn("mean")
                        .append(summary.doubleColumn(side + "_mean").getDouble(i));
                band.doubleColumn("sd")
                        .append(summary.doubleColumn(side + "_sd").getDouble(i));
            }
            bands.put(
                    side.equals("kit") ? "gankit (DJL, PyTorch 2.7.1)" : "PyTorch 1.13 peer", band);
        }
        var chart = Charts.bands(
                "conditional MLP GAN on MNIST: class agreement (mean +- sd over seeds)",
                "agreement",
                bands);
        chart.setXAxisTitle("epoch");
        Images.writePng(chart, s.out().resolve("agreement.png"));
        return summary;
    }

    private static void add(Table t, String side, long seed, int epoch, double agreement) {
        t.stringColumn("side").append(side);
        t.longColumn("seed").append(seed);
        t.intColumn("epoch").append(epoch);
        t.doubleColumn("agreement").append(agreement);
    }

    /**
     * Mean and sd (n - 1) of each side per epoch, and Welch's t of kit minus PyTorch with its
     * Welch-Satterthwaite degrees of freedom.
     */
    static Table summarise(Table runs, int[] at) {
        Table t = Table.create(
                "class agreement, kit vs PyTorch",
                IntColumn.create("epoch"),
                IntColumn.create("seeds"),
                DoubleColumn.create("kit_mean"),
                DoubleColumn.create("kit_sd"),
                DoubleColumn.create("pytorch_mean"),
                DoubleColumn.create("pytorch_sd"),
                DoubleColumn.create("welch_t"),
                DoubleColumn.create("welch_df"));
        for (int e : at) {
            double[] kit = values(runs, "kit", e);
            double[] peer = values(runs, "pytorch", e);
            double mk = mean(kit);
            double mp = mean(peer);
            double vk = variance(kit) / kit.length;
            double vp = variance(peer) / peer.length;
            t.intColumn("epoch").append(e);
            t.intColumn("seeds").append(Math.min(kit.length, peer.length));
            t.doubleColumn("kit_mean").append(mk);
            t.doubleColumn("kit_sd").append(Math.sqrt(variance(kit)));
            t.doubleColumn("pytorch_mean").append(mp);
            t.doubleColumn("pytorch_sd").append(Math.sqrt(variance(peer)));
            t.doubleColumn("welch_t").append((mk - mp) / Math.sqrt(vk + vp));
            t.doubleColumn("welch_df")
                    .append((vk + vp)
                            * (vk + vp)
                            / (vk * vk / (kit.length - 1) + vp * vp / (peer.length - 1)));
        }
        return t;
    }

    private static double[] values(Table runs, String side, int epoch) {
        List<Double> v = new ArrayList<>();
        for (int i = 0; i < runs.rowCount(); i++) {
            double a = runs.doubleColumn("agreement").getDouble(i);
            if (runs.stringColumn("side").get(i).equals(side)
                    && runs.intColumn("epoch").getInt(i) == epoch
                    && !Double.isNaN(a)) {
                v.add(a);
            }
        }
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return v.length == 0 ? Double.NaN : s / v.length;
    }

    /** The sample variance (n - 1); NaN below two values. */
    static double variance(double[] v) {
        if (v.length < 2) {
            return Double.NaN;
        }
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return s / (v.length - 1);
    }

    /** The kit run's agreement after each epoch (index = epoch; 0 = untrained), from its scores. */
    private double[] kitAgreement(long seed) throws IOException {
        Path run = s.kitSweep().resolve("base").resolve("seed-" + seed);
        Path file = run.resolve(TrainingScores.FILE);
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file + " is missing: run ./gankit sweep "
                    + "experiments/mnist-cgan-speed.json (with --out " + s.kitSweep() + ") first");
        }
        List<String> lines = Files.readAllLines(file);
        int col = List.of(lines.get(0).split(",")).indexOf("agreement");
        if (col < 0) {
            throw BadInputException.of(file, "header " + lines.get(0), "an agreement column");
        }
        return lines.subList(1, lines.size()).stream()
                .mapToDouble(l -> Double.parseDouble(l.split(",")[col]))
                .toArray();
    }

    private Path peerRun(long seed) {
        return s.out().resolve("pytorch").resolve("seed-" + seed);
    }

    private static Path peerSamples(Path run, int epoch) {
        return run.resolve(String.format(Locale.ROOT, "epoch-%03d.npz", epoch));
    }

    /** Trains the seeds whose last samples are missing, {@code workers} at a time. */
    private void trainPeers(List<Long> seeds, int epochs, int[] at)
            throws IOException, InterruptedException {
        Path script = Path.of("bench", "peer_cgan.py");
        if (!Files.isRegularFile(script)) {
            throw new GankitException(script.toAbsolutePath()
                    + " is missing; run the bench from the repository root");
        }
        List<Long> todo = seeds.stream()
                .filter(seed -> !Files.isRegularFile(peerSamples(peerRun(seed), at[at.length - 1])))
                .toList();
        List<Process> running = new ArrayList<>();
        List<Long> runningSeeds = new ArrayList<>();
        for (int i = 0; i < todo.size() || !running.isEmpty(); ) {
            while (i < todo.size() && running.size() < s.workers()) {
                long seed = todo.get(i++);
                Path run = peerRun(seed);
                Files.createDirectories(run);
                ProcessBuilder b = new ProcessBuilder(
                                s.python().toString(),
                                script.toString(),
                                "--data",
                                s.data().root().toString(),
                                "--out",
                                run.toString(),
                                "--seed",
                                Long.toString(seed),
                                "--epochs",
                                Integer.toString(epochs),
                                "--at",
                                String.join(
                                        ",",
                                        IntStream.of(at)
                                                .mapToObj(Integer::toString)
                                                .toList()),
                                "--per-class",
                                Integer.toString(PER_CLASS),
                                "--threads",
                                "1")
                        .redirectOutput(run.resolve("log.jsonl").toFile())
                        .redirectError(run.resolve("stderr.txt").toFile());
                Peers.configure(b, 1);
                log.printf(
                        Locale.ROOT,
                        "PyTorch peer seed %d: %d epochs into %s%n",
                        seed,
                        epochs,
                        run);
                running.add(b.start());
                runningSeeds.add(seed);
            }
            Process first = running.get(0);
            int code = first.waitFor();
            long seed = runningSeeds.remove(0);
            running.remove(0);
            if (code != 0) {
                running.forEach(Process::destroy);
                throw new GankitException(
                        "the PyTorch peer (seed " + seed + ") failed with exit code " + code
                                + "; see " + peerRun(seed).resolve("stderr.txt"));
            }
            List<String> lines = Files.readAllLines(peerRun(seed).resolve("log.jsonl"));
            JsonObject last =
                    JsonParser.parseString(lines.get(lines.size() - 1)).getAsJsonObject();
            log.printf(
                    Locale.ROOT,
                    "PyTorch peer seed %d done in %.0f s%n",
                    seed,
                    last.get("seconds").getAsDouble());
            Peers.blasWarning(last).ifPresent(w -> log.println("warning: " + w));
        }
    }

    /** The judge's agreement on the peer's samples after {@code epoch}. */
    private double peerAgreement(DomainClassifier judge, long seed, int epoch) {
        Path file = peerSamples(peerRun(seed), epoch);
        NpyArray images = Npz.read(file, "images");
        int n = images.shape()[0];
        if (images.shape().length != 4 || n != 10 * PER_CLASS) {
            throw BadInputException.of(
                    file,
                    "images of shape " + Arrays.toString(images.shape()),
                    (10 * PER_CLASS) + " x 1 x 28 x 28");
        }
        int[] requested = new int[n];
        for (int i = 0; i < n; i++) {
            requested[i] = i / PER_CLASS;
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(images.toFloats(), new Shape(n, 1, 28, 28));
            Features p = judge.probabilities(Quantization.fromSigned(x));
            return ClassAgreement.of(requested, p).overall();
        }
    }
}
