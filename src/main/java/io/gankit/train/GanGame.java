package io.gankit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;

import io.gankit.BadInputException;
import io.gankit.data.TrainingData;
import io.gankit.loss.GradientPenalty;
import io.gankit.loss.Losses;
import io.gankit.nn.Gan;
import io.gankit.nn.ImageSampler;
import io.gankit.nn.ModelSpec;
import io.gankit.nn.WeightAverage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The game of one generator against one discriminator (or critic): the GAN, the conditional GAN,
 * WGAN with weight clipping and WGAN-GP, as the config's model, loss, critic steps, clipping and
 * penalty say. A step is {@code criticSteps} discriminator updates, each on its own batch, then
 * one generator update through the last generated batch; both updates are {@link GanUpdates}'.
 */
public final class GanGame implements Game, WeightAveraged {
    /** The measures of a step: D's loss (mean over the critic steps), G's loss, mean D(x), mean D(G(z)). */
    public static final List<String> MEASURES = List.of("d_loss", "g_loss", "d_real", "d_fake");

    private final TrainConfig config;
    private final Gan gan;
    private final Adam adamD;
    private final Adam adamG;
    private final GanUpdates updates;
    private final NDArray fixedNoise;
    private final NDArray fixedLabels;
    private final Gan averaged; // the moving average of G's weights, or null
    /** Runs after the discriminator's updates and before the generator's (tests look in there). */
    Runnable betweenUpdates;

    private GanGame(TrainConfig config, NDManager manager) {
        this.config = config;
        this.gan = Gan.create(config.model(), manager, config.seed());
        this.adamD = new Adam(
                gan.discriminator(),
                manager,
                config.learningRateD(),
                config.beta1(),
                config.beta2());
        this.adamG = new Adam(
                gan.generator(), manager, config.learningRateG(), config.beta1(), config.beta2());
        GradientPenalty penalty =
                config.gradientPenalty() > 0 ? new GradientPenalty(config.gradientPenalty()) : null;
        this.updates = new GanUpdates(
                gan, Losses.named(config.loss()), penalty, adamD, adamG, config.clip());
        SplittableRandom sampleRandom = new SplittableRandom(config.seed() ^ 0x5EED5A3B1E5L);
        this.fixedNoise = gan.latent(manager, config.samples(), sampleRandom);
        this.fixedLabels = config.model().conditional()
                ? gridLabels(manager, config.samples(), config.model().classes())
                : null;
        this.averaged = config.emaDecay() > 0 ? gan.averagedGenerator(manager) : null;
    }

    /** The game the config describes, its networks initialised from the config's seed in {@code manager}. */
    public static GanGame create(TrainConfig config, NDManager manager) {
        return new GanGame(config, manager);
    }

    /** Labels for a sample grid: its rows one class after another. */
    private static NDArray gridLabels(NDManager manager, int n, int classes) {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i * classes / n;
        }
        return manager.create(labels);
    }

    @Override
    public Map<String, Block> networks() {
        Map<String, Block> m = new LinkedHashMap<>();
        m.put("generator", gan.generator());
        m.put("discriminator", gan.discriminator());
        if (averaged != null) {
            m.put("generator-ema", averaged.generator());
        }
        return m;
    }

    @Override
    public Map<String, Adam> optimizers() {
        Map<String, Adam> m = new LinkedHashMap<>();
        m.put("generator", adamG);
        m.put("discriminator", adamD);
        return m;
    }

    @Override
    public List<String> measures() {
        return MEASURES;
    }

    @Override
    public int batchesPerStep() {
        return config.criticSteps();
    }

    @Override
    public String signature() {
        return config.model().architecture();
    }

    @Override
    public void requireFits(TrainingData data) {
        ModelSpec spec = config.model();
        if (!spec.imageShape().equals(data.sampleShape())) {
            throw new BadInputException(data.name() + " has samples of " + shape(data.sampleShape())
                    + "; the " + spec.architecture() + " model takes " + shape(spec.imageShape()));
        }
        if (spec.conditional() && spec.classes() != data.classNames().size()) {
            throw new BadInputException(
                    data.name() + " has " + data.classNames().size() + " classes; the conditional "
                            + "model was built for " + spec.classes());
        }
    }

    private static String shape(Shape s) {
        return s.get(0) + "x" + s.get(1) + "x" + s.get(2);
    }

    /**
     * {@code criticSteps} discriminator updates, each on its own real batch and a freshly generated
     * one (detached from G), with the penalty and clipping the config asks for; then one generator
     * update through the last generated batch with D frozen.
     */
    @Override
    public double[] step(StepContext step) {
        int n = config.criticSteps();
        double[] sums =
                new double[3]; // D's loss, mean D(x), mean D(G(z)), summed over the critic steps
        // 1. The discriminator (critic) learns; the last generated batch keeps its graph through G.
        Generated fake = null;
        for (int k = 0; k < n; k++) {
            fake = updateDiscriminator(step, k, k == n - 1, sums);
        }
        if (betweenUpdates != null) {
            betweenUpdates.run();
        }
        // 2. The generator learns through that batch, D frozen.
        double gLoss = updates.updateGenerator(fake::images, fake.labels(), step.number());
        // 3. The weight average of G follows, when kept (ramped up over the first steps).
        if (averaged != null) {
            averaged.average(
                    gan, (float) WeightAverage.rampedDecay(config.emaDecay(), step.number()));
        }
        return new double[] {sums[0] / n, gLoss, sums[1] / n, sums[2] / n};
    }

    /** A generated batch and the labels it was generated for (null for an unconditional model). */
    private record Generated(NDArray images, NDArray labels) {}

    private Generated updateDiscriminator(
            StepContext step, int k, boolean keepGraph, double[] sums) {
        NDArray real = step.images(k);
        NDArray labels = gan.spec().conditional() ? step.labels(k) : null;
        NDArray z = gan.latent(step.scope(), step.batchSize(), step.random());
        NDArray detached = keepGraph
                ? null
                : updates.generate(z, labels); // no graph: only the last batch trains G
        GanUpdates.DiscriminatorUpdate d = updates.updateDiscriminator(
                real,
                labels,
                () -> keepGraph ? updates.generate(z, labels) : detached,
                step.random(),
                step.number());
        sums[0] += d.loss();
        sums[1] += d.meanReal();
        sums[2] += d.meanFake();
        return new Generated(d.fake(), labels);
    }

    /** Images from the fixed sample noise (and, for a conditional model, a class per grid row), G in inference mode. */
    @Override
    public NDArray samples(NDManager into) {
        NDArray z = fixedNoise.duplicate();
        z.attach(into);
        if (fixedLabels == null) {
            return gan.generate(z, false);
        }
        NDArray labels = fixedLabels.duplicate();
        labels.attach(into);
        return gan.generate(z, labels, false);
    }

    /** The generator and discriminator. */
    public Gan gan() {
        return gan;
    }

    /**
     * The moving average of G's weights beside the same D, when the config keeps one
     * ({@link TrainConfig#emaDecay()}); sample and score it like {@link #gan()}.
     */
    public Optional<Gan> averagedGan() {
        return Optional.ofNullable(averaged);
    }

    @Override
    public boolean keepsAverage() {
        return averaged != null;
    }

    @Override
    public ImageSampler sampler(boolean average) {
        if (!average) {
            return gan;
        }
        if (averaged == null) {
            throw new BadInputException("this GAN keeps no weight average of G: set the config's"
                    + " emaDecay (for example 0.999) to keep one");
        }
        return averaged;
    }

    public TrainConfig config() {
        return config;
    }
}
