package io.gankit.lab;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import io.gankit.BadInputException;
import io.gankit.loss.GanLoss;
import io.gankit.loss.GradientPenalty;
import io.gankit.loss.Losses;
import io.gankit.nn.Gan;
import io.gankit.nn.ModelSpec;
import io.gankit.nn.Packed;
import io.gankit.train.Adam;
import io.gankit.train.GanUpdates;
import io.gankit.train.TrainConfig;

import java.util.SplittableRandom;

/**
 * A GAN on a 2-D mixture that a student steps by hand: one discriminator update, one generator
 * update, or {@code n_D} of the first and one of the second, looking at the samples, the
 * discriminator's decision surface and the mode histogram in between. This is the
 * {@link io.gankit.train.GanGame}'s step split in two, so that collapse (G chasing the one
 * region D currently rates highest) can be watched as it happens.
 *
 * <p>Real batches are drawn fresh from the mixture; all randomness comes from the seed, so the
 * same sequence of calls gives the same networks. Samples for pictures and scores come from a
 * fixed noise batch.
 */
public final class ModeLab implements AutoCloseable {
    private final GaussianMixture mixture;
    private final Gan gan;
    private final GanLoss loss;
    private final GanUpdates updates;
    private final NDManager manager;
    private final int batchSize;
    private final SplittableRandom random;
    private final NDArray fixedNoise;
    private long discriminatorSteps;
    private long generatorSteps;
    private double lastDiscriminatorLoss = Double.NaN;
    private double lastGeneratorLoss = Double.NaN;

    private ModeLab(GaussianMixture mixture, TrainConfig config, NDManager parent) {
        this.mixture = mixture;
        this.manager = parent.newSubManager();
        this.gan = Gan.create(config.model(), manager, config.seed());
        this.loss = Losses.named(config.loss());
        // The trainer's own D and G updates, with the config's penalty and clipping.
        this.updates = new GanUpdates(
                gan,
                loss,
                config.gradientPenalty() > 0 ? new GradientPenalty(config.gradientPenalty()) : null,
                new Adam(
                        gan.discriminator(),
                        manager,
                        config.learningRateD(),
                        config.beta1(),
                        config.beta2()),
                new Adam(
                        gan.generator(),
                        manager,
                        config.learningRateG(),
                        config.beta1(),
                        config.beta2()),
                config.clip());
        this.batchSize = config.batchSize();
        this.random = new SplittableRandom(config.seed() ^ 0x1AB5EEDL);
        this.fixedNoise = gan.latent(
                manager, GaussianMixture.SCORING_SAMPLES, new SplittableRandom(config.seed() + 1));
    }

    /**
     * The lab's settings for a 2-D architecture ({@code mlp2d}, {@code mlp2d-s}, {@code mlp2d-s-pac4},
     * ...): the papers' 2-D standard normal noise and batch of 100, Adam at 1e-3 with betas
     * (0.5, 0.999), non-saturating loss, seed 1. Change any of them on the builder; the lab reads
     * the model, loss, batch size, learning rates, betas, penalty, clipping and seed (epochs and
     * critic steps are the student's: {@link #step(int)} takes n_D).
     */
    public static TrainConfig.Builder config(String architecture) {
        return TrainConfig.builder()
                .setDataset("2-d mixture")
                .setModel(new ModelSpec(architecture, 2, 2, 1, 1, 0))
                .optBatchSize(100)
                .optLearningRate(1e-3)
                .optBetas(0.5, 0.999)
                .optSeed(1);
    }

    /**
     * A lab on {@code mixture} with the networks and optimisers {@code config} describes (see
     * {@link #config(String)}), in a sub-manager of {@code parent}.
     */
    public static ModeLab create(GaussianMixture mixture, TrainConfig config, NDManager parent) {
        if (mixture == null) {
            throw new BadInputException("no mixture; pass GaussianMixture.ring() or grid()");
        }
        if (!config.model().imageShape().equals(new Shape(2, 1, 1))) {
            throw new BadInputException("the " + config.model().architecture()
                    + " model takes samples of " + config.model().imageShape()
                    + "; the lab's points need a 2-D model (2x1x1) such as mlp2d-s");
        }
        Losses.named(config.loss()); // fails early with the list of names
        return new ModeLab(mixture, config, parent);
    }

    /**
     * One discriminator update on a fresh real batch and a generated batch (G is not changed).
     *
     * @return the discriminator's loss on that batch
     */
    public double stepDiscriminator() {
        try (NDManager scope = manager.newSubManager()) {
            NDArray real = realBatch(scope);
            NDArray fake =
                    gan.generate(gan.latent(scope, batchSize, random), true).stopGradient();
            lastDiscriminatorLoss = updates.updateDiscriminator(
                            real, null, () -> fake, random, discriminatorSteps + 1)
                    .loss();
        }
        discriminatorSteps++;
        return lastDiscriminatorLoss;
    }

    /**
     * One generator update through the frozen discriminator.
     *
     * @return the generator's loss on that batch
     */
    public double stepGenerator() {
        try (NDManager scope = manager.newSubManager()) {
            NDArray z = gan.latent(scope, batchSize, random);
            lastGeneratorLoss =
                    updates.updateGenerator(() -> gan.generate(z, true), null, generatorSteps + 1);
        }
        generatorSteps++;
        return lastGeneratorLoss;
    }

    /** {@code discriminatorSteps} discriminator updates, then one generator update. */
    public void step(int discriminatorStepsPerGeneratorStep) {
        if (discriminatorStepsPerGeneratorStep < 0) {
            throw new BadInputException(
                    "n_D " + discriminatorStepsPerGeneratorStep + "; expected 0 or more");
        }
        for (int k = 0; k < discriminatorStepsPerGeneratorStep; k++) {
            stepDiscriminator();
        }
        stepGenerator();
    }

    /** {@code times} rounds of {@link #step(int)}. */
    public void steps(int times, int discriminatorStepsPerGeneratorStep) {
        for (int i = 0; i < times; i++) {
            step(discriminatorStepsPerGeneratorStep);
        }
    }

    private NDArray realBatch(NDManager into) {
        PointSet points = mixture.sample(batchSize, random.nextLong());
        int[] all = new int[batchSize];
        for (int i = 0; i < batchSize; i++) {
            all[i] = i;
        }
        return points.batch(into, all, 0, batchSize);
    }

    /**
     * The generator's points for the fixed noise ({@value GaussianMixture#SCORING_SAMPLES}),
     * interleaved x, y. Batch-norm layers normalise with the statistics of this batch, not their
     * running averages, so the points depend on G's weights alone: a discriminator step (which
     * runs G and so moves the running averages) leaves them exactly as they were.
     */
    public float[] samples() {
        try (NDManager scope = manager.newSubManager()) {
            NDArray z = fixedNoise.duplicate();
            z.attach(scope);
            return gan.generate(z, true).toFloatArray();
        }
    }

    /** The mode score of {@link #samples()}. */
    public ModeScore score() {
        return mixture.score(samples());
    }

    /** Whether D's outputs are logits of a probability (false for a critic, as in WGAN). */
    public boolean probabilistic() {
        return loss.probabilistic();
    }

    /**
     * The discriminator's probability that a point is real, D(x) = sigmoid(logit), on a
     * {@code resolution x resolution} grid over {@code [min, max]^2}; {@code [row][col]} with row 0
     * at {@code y = max} (top of a picture), col 0 at {@code x = min}. A packing discriminator sees
     * each point packed with copies of itself. For critic losses the raw score is returned.
     */
    public double[][] decisionSurface(double min, double max, int resolution) {
        if (resolution < 2 || !(max > min)) {
            throw new BadInputException("decision surface over [" + min + ", " + max + "] at "
                    + resolution + " points a side; expected max > min and at least 2 points");
        }
        int packing = gan.discriminator() instanceof Packed p ? p.packing() : 1;
        int n = resolution * resolution;
        float[] xy = new float[2 * n * packing];
        for (int r = 0; r < resolution; r++) {
            for (int c = 0; c < resolution; c++) {
                double x = min + (max - min) * c / (resolution - 1);
                double y = max - (max - min) * r / (resolution - 1);
                for (int k = 0; k < packing; k++) {
                    int i = (r * resolution + c) * packing + k;
                    xy[2 * i] = (float) x;
                    xy[2 * i + 1] = (float) y;
                }
            }
        }
        double[][] out = new double[resolution][resolution];
        try (NDManager scope = manager.newSubManager()) {
            NDArray logits = gan.discriminate(
                    scope.create(xy, new Shape((long) n * packing, 2, 1, 1)), false);
            float[] v = (loss.probabilistic() ? logits.getNDArrayInternal().sigmoid() : logits)
                    .toFloatArray();
            for (int i = 0; i < n; i++) {
                out[i / resolution][i % resolution] = v[i];
            }
        }
        return out;
    }

    public GaussianMixture mixture() {
        return mixture;
    }

    public Gan gan() {
        return gan;
    }

    public long discriminatorSteps() {
        return discriminatorSteps;
    }

    public long generatorSteps() {
        return generatorSteps;
    }

    /** The loss of the latest discriminator update (NaN before the first). */
    public double lastDiscriminatorLoss() {
        return lastDiscriminatorLoss;
    }

    /** The loss of the latest generator update (NaN before the first). */
    public double lastGeneratorLoss() {
        return lastGeneratorLoss;
    }

    @Override
    public void close() {
        manager.close();
    }
}
