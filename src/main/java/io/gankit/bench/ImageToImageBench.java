package io.gankit.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;
import com.google.gson.JsonObject;
import io.gankit.GankitException;
import io.gankit.data.TrainingData;
import io.gankit.engine.EngineStatus;
import io.gankit.engine.Engines;
import io.gankit.train.Game;
import io.gankit.train.GanTrainer;
import io.gankit.train.TrainConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The training step of each game family (the image-to-image ones, SRGAN, pix2pix and CycleGAN;
 * the generators that grow, LAPGAN and StyleGAN) through the kit's
 * {@link GanTrainer}, on the families' real training data, beside the same model's step in PyTorch
 * ({@code bench/peer_i2i.py}: the same layers, parameter counts, losses, update order and Adam
 * settings, on random images of the same shapes), in the same run at the same thread count. As
 * {@link GanBench} does, the contenders alternate over a few rounds so that a busy machine hurts
 * all alike, and each figure is the median round. Before timing, the peer's networks are counted
 * and must have as many parameters as the kit's: otherwise the two sides run different models and
 * the bench refuses to compare them.
 */
public final class ImageToImageBench {
    /** The peer script, in {@code bench/}. */
    static final String PEER = "peer_i2i.py";

    /**
     * One family as the kit trains it: its name (the peer's {@code --family}), the trainer's config
     * (batch size, Adam's rate and betas, seed), its training data, the game (built in the manager
     * the trainer gives it), and the peer's arguments that name the same networks and loss weights
     * ({@code --g-filters 32 ...}); the bench adds {@code --family}, the batch size, Adam's settings
     * from the config, the steps and the threads.
     */
    public record Family(
            String name,
            TrainConfig config,
            TrainingData data,
            Function<NDManager, ? extends Game> game,
            List<String> peerArgs) {}

    /** What to run; {@code python} null skips the PyTorch peer. */
    public record Settings(List<Family> families, int steps, int warmup, int rounds, Path python) {}

    private final Settings s;
    private final PrintStream out;

    public ImageToImageBench(Settings settings, PrintStream out) {
        if (settings.families().isEmpty()
                || settings.steps() < 1
                || settings.warmup() < 0
                || settings.rounds() < 1) {
            throw new GankitException(
                    "an image-to-image bench of " + settings.families().size()
                            + " families, " + settings.steps() + " steps, " + settings.warmup()
                            + " warm-up and " + settings.rounds()
                            + " rounds; expected a family, a step and a round at least");
        }
        this.s = settings;
        this.out = out;
    }

    /**
     * Times every family and prints the table; returns it: {@code family}, {@code kit_ms}, {@code
     * pytorch_ms}, {@code ratio} (kit time / PyTorch time) and {@code pytorch} (the peer's torch),
     * the PyTorch columns NaN and empty without a peer.
     */
    public Table run() throws IOException, InterruptedException {
        EngineStatus engine = Engines.ensure(); // as ./gankit train starts it
        int threads = JniUtils.getNumThreads();
        boolean peerAvailable = Peers.available(s.python());
        out.printf(
                Locale.ROOT,
                "games, one training step each: %d timed steps after %d warm-up,"
                        + " median of %d rounds%n",
                s.steps(),
                s.warmup(),
                s.rounds());
        out.printf(
                Locale.ROOT,
                "%s, intra-op threads %d, inter-op %d, convolutions: %s; %d cores; %s%n"
                        + "the kit's GanTrainer on the real data; the PyTorch peer (bench/%s) on random"
                        + " images of the same shapes, with OMP_WAIT_POLICY=%s%n%n",
                engine.engine(),
                threads,
                engine.interopThreads(),
                engine.route().description(),
                Runtime.getRuntime().availableProcessors(),
                engine.cpu().model(),
                PEER,
                System.getenv().getOrDefault("OMP_WAIT_POLICY", "PASSIVE"));

        int n = s.families().size();
        List<List<Double>> kit = new ArrayList<>();
        List<List<Double>> peer = new ArrayList<>();
        String[] peerNames = new String[n];
        List<GanTrainer<? extends Game>> trainers = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            for (Family f : s.families()) {
                GanTrainer<? extends Game> trainer = create(f, manager);
                trainers.add(trainer);
                Map<String, Long> kitParams = parameters(trainer.game());
                out.printf(
                        Locale.ROOT,
                        "%s: %s; batch %d; %s; data %s%n",
                        f.name(),
                        trainer.game().signature(),
                        f.config().batchSize(),
                        describe(kitParams),
                        f.data().name());
                if (peerAvailable) {
                    requireSameModel(f, kitParams, peerParameters(s.python(), f));
                }
                kit.add(new ArrayList<>());
                peer.add(new ArrayList<>());
            }
            if (peerAvailable) {
                out.println("the PyTorch peer's networks have the same parameter counts");
            }
            out.println();
            for (GanTrainer<? extends Game> trainer : trainers) {
                for (int i = 0; i < s.warmup(); i++) {
                    trainer.step();
                }
            }
            for (int r = 0; r < s.rounds(); r++) {
                StringBuilder line = new StringBuilder("round " + (r + 1) + ":");
                for (int f = 0; f < n; f++) {
                    GanTrainer<? extends Game> trainer = trainers.get(f);
                    kit.get(f).add(time(trainer::step));
                    line.append(String.format(
                            Locale.ROOT,
                            " %s kit %.1f",
                            s.families().get(f).name(),
                            kit.get(f).get(r)));
                    if (peerAvailable) {
                        List<String> args = peerArgs(s.families().get(f));
                        args.addAll(
                                List.of("--steps", "" + s.steps(), "--warmup", "" + s.warmup()));
                        JsonObject result = Peers.run(s.python(), PEER, args, threads);
                        if (r == 0 && f == 0) {
                            Peers.blasWarning(result).ifPresent(w -> out.println("warning: " + w));
                        }
                        peerNames[f] = result.get("name").getAsString();
                        peer.get(f).add(result.get("ms_per_step").getAsDouble());
                        line.append(String.format(
                                Locale.ROOT, ", PyTorch %.1f", peer.get(f).get(r)));
                    }
                    line.append(f < n - 1 ? ";" : " ms/step");
                }
                out.println(line);
            }
        } finally {
            for (GanTrainer<? extends Game> trainer : trainers) {
                trainer.close();
            }
        }

        Table table = Table.create(
                "image-to-image step",
                StringColumn.create("family"),
                DoubleColumn.create("kit_ms"),
                DoubleColumn.create("pytorch_ms"),
                DoubleColumn.create("ratio"),
                StringColumn.create("pytorch"));
        for (int f = 0; f < n; f++) {
            double kitMs = GanBench.median(kit.get(f));
            double peerMs = peerAvailable ? GanBench.median(peer.get(f)) : Double.NaN;
            table.stringColumn("family").append(s.families().get(f).name());
            table.doubleColumn("kit_ms").append(kitMs);
            table.doubleColumn("pytorch_ms").append(peerMs);
            table.doubleColumn("ratio").append(kitMs / peerMs);
            table.stringColumn("pytorch").append(peerAvailable ? peerNames[f] : "");
        }
        print(table, engine.engine());
        if (!peerAvailable) {
            out.printf("%nPyTorch peer skipped (%s)%n", Peers.skipped(s.python()));
        }
        return table;
    }

    private void print(Table t, String kitEngine) {
        out.println();
        out.printf(
                "%-10s %12s %16s %14s   %s%n",
                "family", "kit ms/step", "PyTorch ms/step", "kit / PyTorch", "against");
        for (int i = 0; i < t.rowCount(); i++) {
            String peerName = t.stringColumn("pytorch").get(i);
            out.printf(
                    Locale.ROOT,
                    "%-10s %12.1f %16.1f %13.2fx   %s%n",
                    t.stringColumn("family").get(i),
                    t.doubleColumn("kit_ms").getDouble(i),
                    t.doubleColumn("pytorch_ms").getDouble(i),
                    t.doubleColumn("ratio").getDouble(i),
                    peerName.isEmpty()
                            ? "skipped"
                            : peerName.replace("pytorch", "PyTorch") + ", old beside the kit's "
                                    + kitEngine);
        }
        out.printf(
                "%nkit / PyTorch: time per step (above 1: the kit is slower). The peer runs Python's"
                        + " PyTorch (Debian's 1.13, an old PyTorch), the kit %s's libtorch: the"
                        + " ratio compares the libraries as well as the code.%n",
                kitEngine);
    }

    /** A trainer of {@code family} (its config, data and game) in {@code manager}. */
    private static GanTrainer<? extends Game> create(Family family, NDManager manager) {
        return GanTrainer.create(family.config(), family.data(), manager, family.game()::apply);
    }

    /** The trainable parameters of each of the game's networks, by the names it saves them under. */
    static Map<String, Long> parameters(Game game) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Map.Entry<String, Block> network : game.networks().entrySet()) {
            long count = 0;
            for (Pair<String, Parameter> p : network.getValue().getParameters()) {
                if (p.getValue().requiresGradient()) {
                    count += p.getValue().getArray().size();
                }
            }
            counts.put(network.getKey(), count);
        }
        return counts;
    }

    /** The kit's networks of {@code family}, counted as {@link #parameters(Game)}. */
    public static Map<String, Long> kitParameters(Family family) {
        try (NDManager manager = NDManager.newBaseManager()) {
            return parameters(family.game().apply(manager));
        }
    }

    /** The peer's networks of {@code family}, counted by PyTorch ({@code peer_i2i.py --count}). */
    public static Map<String, Long> peerParameters(Path python, Family family)
            throws IOException, InterruptedException {
        List<String> args = peerArgs(family);
        args.add("--count");
        JsonObject result = Peers.run(python, PEER, args, 1);
        Map<String, Long> counts = new LinkedHashMap<>();
        result.getAsJsonObject("params")
                .entrySet()
                .forEach(e -> counts.put(e.getKey(), e.getValue().getAsLong()));
        return counts;
    }

    /**
     * The peer's command line for {@code family} (family, batch size, Adam's settings, then the
     * family's own arguments); a run adds the steps or {@code --count}, {@link Peers} the threads.
     */
    private static List<String> peerArgs(Family family) {
        TrainConfig c = family.config();
        List<String> args = new ArrayList<>(List.of(
                "--family",
                family.name(),
                "--batch",
                "" + c.batchSize(),
                "--lr",
                "" + c.learningRateG(),
                "--beta1",
                "" + c.beta1(),
                "--beta2",
                "" + c.beta2()));
        args.addAll(family.peerArgs());
        return args;
    }

    private static void requireSameModel(
            Family family, Map<String, Long> kit, Map<String, Long> peer) {
        if (!kit.equals(peer)) {
            throw new GankitException("the PyTorch peer's " + family.name() + " (bench/" + PEER
                    + ") is not the kit's model: " + describe(peer) + " against the kit's "
                    + describe(kit) + "; bring the peer's networks in line with io.gankit.nn"
                    + " before comparing speeds");
        }
    }

    private static String describe(Map<String, Long> counts) {
        StringBuilder b = new StringBuilder("parameters");
        counts.forEach(
                (name, count) -> b.append(String.format(Locale.ROOT, " %s %,d", name, count)));
        return b.toString();
    }

    private double time(Runnable step) {
        long t0 = System.nanoTime();
        for (int i = 0; i < s.steps(); i++) {
            step.run();
        }
        return (System.nanoTime() - t0) / 1e6 / s.steps();
    }
}
