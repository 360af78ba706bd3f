package io.gankit.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;

import com.google.gson.JsonObject;

import io.gankit.GankitException;
import io.gankit.data.DataFolder;
import io.gankit.data.Datasets;
import io.gankit.data.ImageSet;
import io.gankit.engine.ConvRoute;
import io.gankit.engine.EngineStatus;
import io.gankit.engine.Engines;
import io.gankit.loss.GradientPenalty;
import io.gankit.nn.Architectures;
import io.gankit.nn.ModelSpec;
import io.gankit.train.GanGame;
import io.gankit.train.GanTrainer;
import io.gankit.train.TrainConfig;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The training-step benchmark of one model: the kit's {@link GanTrainer}, a {@link RawLoop} on DJL
 * and the same step in PyTorch ({@code bench/peer.py} for the seed's MNIST GAN,
 * {@code bench/peer_conv.py} for the convolutional models), alternated over a few rounds so that a
 * busy machine hurts all alike, each reported as the median round; then resident memory over a
 * long run of the kit's trainer.
 */
public final class GanBench {
    /** The models the bench knows. */
    public static final List<String> MODELS = List.of("mlp", "cifar-seed", "dcgan");

    /**
     * What to run; {@code python} null skips the PyTorch peer; {@code batch} 0 takes the model's
     * default from {@link io.gankit.nn.Architecture#defaultBatchSize()}.
     */
    public record Settings(
            String model,
            int steps,
            int warmup,
            int rounds,
            int batch,
            int memorySteps,
            boolean memoryWganGp,
            Path python,
            DataFolder data) {
        public int batchSize() {
            return batch > 0 ? batch : Architectures.get(model).defaultBatchSize();
        }
    }

    private final Settings s;
    private final PrintStream out;

    public GanBench(Settings settings, PrintStream out) {
        this.s = settings;
        this.out = out;
    }

    public void run() throws IOException, InterruptedException {
        if (!MODELS.contains(s.model())) {
            throw new GankitException(
                    "no benchmark for model '" + s.model() + "'; expected one of " + MODELS);
        }
        boolean mlp = s.model().equals("mlp");
        ImageSet data = loadOrRandom(mlp ? "mnist" : "cifar10", mlp ? 1 : 3, mlp ? 28 : 32);
        ModelSpec spec =
                new ModelSpec(s.model(), 100, data.channels(), data.height(), data.width(), 0);
        // The engine starts as for ./gankit train (Engines.ensure: threads, self-check, convolution
        // route), so the kit's figure is what a user's training runs at.
        EngineStatus engine = Engines.ensure();
        out.printf(
                Locale.ROOT,
                "%s GAN, batch %d, %d timed steps after %d warm-up, median of %d rounds%n",
                s.model(),
                s.batchSize(),
                s.steps(),
                s.warmup(),
                s.rounds());
        out.printf(
                Locale.ROOT,
                "%s, intra-op threads %d, inter-op %d, convolutions: %s; %d cores; %s%n"
                        + "the kit's trainer runs as ./gankit train does (same engine start); data: %s; "
                        + "the PyTorch peer runs with OMP_WAIT_POLICY=%s%n%n",
                engine.engine(),
                engine.threads(),
                engine.interopThreads(),
                engine.route().description(),
                Runtime.getRuntime().availableProcessors(),
                engine.cpu().model(),
                data.name(),
                System.getenv().getOrDefault("OMP_WAIT_POLICY", "PASSIVE"));

        TrainConfig config = TrainConfig.builder()
                .setDataset(data.name())
                .setModel(spec)
                .optBatchSize(s.batchSize())
                .optEpochs(100_000)
                .build();
        ImageSet mnist = data;
        List<Double> kit = new ArrayList<>();
        List<Double> raw = new ArrayList<>();
        List<Double> peer = new ArrayList<>();
        String peerName = null;
        boolean peerAvailable = Peers.available(s.python());
        try (NDManager manager = NDManager.newBaseManager();
                GanTrainer<GanGame> trainer = GanTrainer.create(config, mnist, manager);
                RawLoop loop = new RawLoop(spec, mnist, s.batchSize())) {
            for (int i = 0; i < s.warmup(); i++) {
                trainer.step();
                loop.step();
            }
            for (int r = 0; r < s.rounds(); r++) {
                kit.add(time(trainer::step));
                raw.add(time(loop::step));
                if (peerAvailable) {
                    JsonObject result = peer();
                    peerName = result.get("name").getAsString();
                    if (r == 0) {
                        Peers.blasWarning(result).ifPresent(w -> out.println("warning: " + w));
                    }
                    peer.add(result.get("ms_per_step").getAsDouble());
                }
                out.printf(
                        Locale.ROOT,
                        "round %d: kit %.2f ms/step, raw DJL %.2f%s%n",
                        r + 1,
                        kit.get(r),
                        raw.get(r),
                        peerAvailable
                                ? String.format(Locale.ROOT, ", PyTorch %.2f", peer.get(r))
                                : "");
            }
        }
        double kitMs = median(kit);
        out.println();
        out.printf("%-34s %10s %10s %14s%n", "contender", "steps/s", "ms/step", "time vs kit");
        row("gankit GanTrainer", kitMs, kitMs);
        row("raw DJL loop (GradientCollector)", median(raw), kitMs);
        if (peerAvailable) {
            row(peerName + " (same step)", median(peer), kitMs);
            out.printf(
                    Locale.ROOT,
                    "%nkit vs raw DJL loop: %+.1f%% time; kit speed / PyTorch speed: %.2fx%n",
                    100 * (kitMs / median(raw) - 1),
                    median(peer) / kitMs);
        } else {
            out.printf(
                    Locale.ROOT,
                    "%nkit vs raw DJL loop: %+.1f%% time; PyTorch peer skipped (%s)%n",
                    100 * (kitMs / median(raw) - 1),
                    Peers.skipped(s.python()));
        }
        if (s.memorySteps() > 0) {
            // WGAN-GP's double backward is the one path of the trainer whose graphs could outlive a
            // step
            memory(
                    mnist,
                    s.memoryWganGp()
                            ? config.toBuilder()
                                    .optLoss("wasserstein")
                                    .optCriticSteps(5)
                                    .optGradientPenalty(GradientPenalty.PAPER_LAMBDA)
                                    .build()
                            : config);
        }
    }

    /**
     * What each convolution route costs: the raw DJL step of the model (the same networks and
     * batches) under every {@link ConvRoute}, alternated over the rounds, each reported as its
     * median, beside what the self-check said of that route on this CPU.
     */
    public void routes() {
        EngineStatus engine = Engines.ensure();
        ImageSet data = loadOrRandom("cifar10", 3, 32);
        ModelSpec spec =
                new ModelSpec(s.model(), 100, data.channels(), data.height(), data.width(), 0);
        out.printf(
                Locale.ROOT,
                "%s GAN, batch %d: the raw DJL step under each convolution route, %d timed steps "
                        + "after %d warm-up, median of %d rounds%n%s, intra-op threads %d, inter-op %d; %s; data: %s%n%n",
                s.model(),
                s.batchSize(),
                s.steps(),
                s.warmup(),
                s.rounds(),
                engine.engine(),
                engine.threads(),
                engine.interopThreads(),
                engine.cpu().model(),
                data.name());
        Map<ConvRoute, List<Double>> times = new EnumMap<>(ConvRoute.class);
        try (RawLoop loop = new RawLoop(spec, data, s.batchSize())) {
            for (ConvRoute route : ConvRoute.values()) {
                times.put(route, new ArrayList<>());
                Engines.withRoute(route, () -> {
                    for (int i = 0; i < s.warmup(); i++) {
                        loop.step();
                    }
                    return null;
                });
            }
            for (int r = 0; r < s.rounds(); r++) {
                for (ConvRoute route : ConvRoute.values()) {
                    times.get(route).add(Engines.withRoute(route, () -> time(loop::step)));
                }
            }
        }
        double chosenMs = median(times.get(engine.route()));
        out.printf(
                "%-16s %10s %14s   %s%n",
                "route", "ms/step", "vs chosen", "self-check on this CPU");
        for (ConvRoute route : ConvRoute.values()) {
            String verdict = engine.checks().stream()
                    .filter(c -> c.route() == route)
                    .findFirst()
                    .map(c -> c.ok()
                            ? "ok"
                            : "FAULT: " + c.failures().size() + " of "
                                    + c.findings().size() + " probes wrong (timing only)")
                    .orElse("not checked (an earlier route passed)");
            double ms = median(times.get(route));
            out.printf(
                    Locale.ROOT,
                    "%-16s %10.1f %13.2fx   %s%s%n",
                    route.key(),
                    ms,
                    ms / chosenMs,
                    verdict,
                    route == engine.route() ? "  <- in use" : "");
        }
    }

    private void row(String name, double ms, double kitMs) {
        out.printf(Locale.ROOT, "%-34s %10.1f %10.2f %13.2fx%n", name, 1000 / ms, ms, ms / kitMs);
    }

    /** Resident memory while the kit's trainer takes {@code memorySteps} steps. */
    private void memory(ImageSet mnist, TrainConfig config) {
        out.printf(
                Locale.ROOT,
                "%nresident memory over %d steps of %s (VmRSS, MiB)%n",
                s.memorySteps(),
                config.gradientPenalty() > 0
                        ? "WGAN-GP (" + config.criticSteps() + " critic steps, lambda "
                                + config.gradientPenalty() + ")"
                        : config.loss() + " GAN");
        int interval = Math.max(1, s.memorySteps() / 10);
        List<Double> samples = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager();
                GanTrainer<GanGame> trainer = GanTrainer.create(config, mnist, manager)) {
            for (int i = 1; i <= s.memorySteps(); i++) {
                trainer.step();
                if (i % interval == 0 || i == 1) {
                    double rss = Memory.residentMiB();
                    samples.add(rss);
                    out.printf(Locale.ROOT, "  step %6d  %8.1f%n", i, rss);
                }
            }
        }
        // Compare the first sample after warm-up (allocator pools are full by then) with the last.
        double first = samples.get(Math.min(1, samples.size() - 1));
        double last = samples.get(samples.size() - 1);
        out.printf(
                Locale.ROOT,
                "from step %d to the end: %+.1f MiB (%+.1f%%)%n",
                interval,
                last - first,
                100 * (last - first) / first);
    }

    private double time(Runnable step) {
        long t0 = System.nanoTime();
        for (int i = 0; i < s.steps(); i++) {
            step.run();
        }
        return (System.nanoTime() - t0) / 1e6 / s.steps();
    }

    private JsonObject peer() throws IOException, InterruptedException {
        boolean mlp = s.model().equals("mlp");
        List<String> args = new ArrayList<>(List.of(
                "--steps",
                "" + s.steps(),
                "--warmup",
                "" + s.warmup(),
                "--batch",
                "" + s.batchSize()));
        if (!mlp) {
            args.addAll(List.of("--model", s.model()));
        }
        return Peers.run(
                s.python(), mlp ? "peer.py" : "peer_conv.py", args, JniUtils.getNumThreads());
    }

    private ImageSet loadOrRandom(String dataset, int channels, int side) {
        try {
            return Datasets.load(dataset, Datasets.Split.TRAIN, s.data().offline());
        } catch (GankitException e) {
            int n = 20_000;
            byte[] pixels = new byte[n * channels * side * side];
            new SplittableRandom(0).nextBytes(pixels);
            return ImageSet.create(
                    "random " + channels + "x" + side + "x" + side + " (no " + dataset + " in "
                            + s.data() + ")",
                    pixels,
                    new int[n],
                    channels,
                    side,
                    side,
                    List.of("0"));
        }
    }

    static double median(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }
}
