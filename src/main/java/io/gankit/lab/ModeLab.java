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
import java.util.SplittableRandom;

/**
 * A GAN on a 2-D mixture that a student steps by hand: one discriminator update, one generator
 * update, or {@code n_D} of the first and one of the second, looking at the samples, the
 * discriminator's decision surface and the mode histogram in between. This is the
 * {@link io.gankit.train.GanTrainer}'s step split in two, so that collapse (G chasing the one
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

    private ModeLab(Builder b, NDManager parent) {
        this.mixture = b.mixture;
        this.manager = parent.newSubManager();
        this.gan = Gan.create(new ModelSpec(b.architecture, b.latent, 2, 1, 1, 0), manager, b.seed);
        this.loss = Losses.named(b.loss);
        // The trainer's own D and G updates (no clipping: the lab's critic is kept by its penalty).
        this.updates = new GanUpdates(gan, loss, b.gradientPenalty > 0 ? new GradientPenalty(b.gradientPenalty) : null,
                new Adam(gan.discriminator(), manager, b.learningRateD, b.beta1, b.beta2),
                new Adam(gan.generator(), manager, b.learningRateG, b.beta1, b.beta2), 0);
        this.batchSize = b.batchSize;
        this.random = new SplittableRandom(b.seed ^ 0x1AB5EEDL);
        this.fixedNoise = gan.latent(manager, GaussianMixture.SCORING_SAMPLES, new SplittableRandom(b.seed + 1));
    }

    /** A builder: {@code setMixture} is required, every other value has a default shown beside it. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * One discriminator update on a fresh real batch and a generated batch (G is not changed).
     *
     * @return the discriminator's loss on that batch
     */
    public double stepDiscriminator() {
        try (NDManager scope = manager.newSubManager()) {
            NDArray real = realBatch(scope);
            NDArray fake = gan.generate(gan.latent(scope, batchSize, random), true).stopGradient();
            lastDiscriminatorLoss = updates.updateDiscriminator(real, null, () -> fake, random, discriminatorSteps + 1).loss();
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
            lastGeneratorLoss = updates.updateGenerator(() -> gan.generate(z, true), null, generatorSteps + 1);
        }
        generatorSteps++;
        return lastGeneratorLoss;
    }

    /** {@code discriminatorSteps} discriminator updates, then one generator update. */
    public void step(int discriminatorStepsPerGeneratorStep) {
        if (discriminatorStepsPerGeneratorStep < 0) {
            throw new BadInputException("n_D " + discriminatorStepsPerGeneratorStep + "; expected 0 or more");
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
            throw new BadInputException("decision surface over [" + min + ", " + max + "] at " + resolution
                    + " points a side; expected max > min and at least 2 points");
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
            NDArray logits = gan.discriminate(scope.create(xy, new Shape((long) n * packing, 2, 1, 1)), false);
            float[] v = (loss.probabilistic() ? logits.getNDArrayInternal().sigmoid() : logits).toFloatArray();
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

    /** Builds a {@link ModeLab}. */
    public static final class Builder {
        private GaussianMixture mixture;
        private String architecture = "mlp2d-s";
        private String loss = "non-saturating";
        private int latent = 2; // the papers' 2-D standard normal noise
        private int batchSize = 100; // the papers' batch
        private double learningRateD = 1e-3;
        private double learningRateG = 1e-3;
        private double beta1 = 0.5;
        private double beta2 = 0.999;
        private double gradientPenalty = 0; // WGAN-GP's lambda; 0: none
        private long seed = 1;

        private Builder() {}

        public Builder setMixture(GaussianMixture mixture) {
            this.mixture = mixture;
            return this;
        }

        /** One of the 2-D architectures: {@code mlp2d}, {@code mlp2d-s}, {@code mlp2d-s-pac4}, ... */
        public Builder optArchitecture(String architecture) {
            this.architecture = architecture;
            return this;
        }

        public Builder optLoss(String loss) {
            this.loss = loss;
            return this;
        }

        /**
         * WGAN-GP's gradient penalty of weight {@code lambda} on every discriminator step (0: none);
         * use it with {@code optLoss("wasserstein")}. Gulrajani et al. use 0.1 on these mixtures.
         */
        public Builder optGradientPenalty(double lambda) {
            this.gradientPenalty = lambda;
            return this;
        }

        public Builder optLatent(int latent) {
            this.latent = latent;
            return this;
        }

        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder optLearningRates(double d, double g) {
            this.learningRateD = d;
            this.learningRateG = g;
            return this;
        }

        public Builder optBetas(double beta1, double beta2) {
            this.beta1 = beta1;
            this.beta2 = beta2;
            return this;
        }

        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The lab, its networks in a sub-manager of {@code parent}. */
        public ModeLab build(NDManager parent) {
            if (mixture == null) {
                throw new BadInputException("no mixture; call setMixture(GaussianMixture.ring()) or grid()");
            }
            if (batchSize < 1) {
                throw new BadInputException("batch size " + batchSize + "; expected at least 1");
            }
            if (!(learningRateD > 0 && learningRateG > 0)) {
                throw new BadInputException("learning rates " + learningRateD + ", " + learningRateG
                        + "; expected positive values");
            }
            Losses.named(loss); // fails early with the list of names
            if (gradientPenalty != 0) {
                new GradientPenalty(gradientPenalty); // fails early on a negative or infinite weight
            }
            return new ModeLab(this, parent);
        }
    }
}
