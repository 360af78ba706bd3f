package io.gankit.train;

import ai.djl.ndarray.types.Shape;

import io.gankit.BadInputException;
import io.gankit.data.TrainingData;
import io.gankit.nn.Architectures;
import io.gankit.nn.ModelSpec;

/**
 * Everything that decides a training run; with the same config and data, a run is repeatable step
 * for step on the CPU. Written to a run folder's {@code config.json}, from which a run resumes.
 *
 * @param dataset data set name ({@code mnist}, {@code fashion-mnist}, {@code cifar10}, ...)
 * @param model the networks to build
 * @param loss GAN objective name, see {@link io.gankit.loss.Losses#NAMES}
 * @param epochs passes over the (possibly limited) data
 * @param batchSize images per batch; the last partial batch of an epoch is dropped
 * @param learningRateD Adam learning rate of the discriminator
 * @param learningRateG Adam learning rate of the generator
 * @param beta1 Adam's first-moment decay
 * @param beta2 Adam's second-moment decay
 * @param seed seeds the initial weights, the shuffling, the noise and the fixed sample noise
 * @param limit use only the first {@code limit} training images (0: all)
 * @param maxSteps stop after this many generator steps (0: no limit)
 * @param criticSteps discriminator (critic) steps per generator step, each on its own batch
 * @param clip WGAN weight clipping bound for the critic (0: off)
 * @param gradientPenalty WGAN-GP penalty weight lambda (0: off)
 * @param checkpointEvery write a checkpoint every this many steps (0: only at epoch ends)
 * @param samples images in each fixed-noise sample grid
 * @param emaDecay keep an exponential moving average of G's weights with this decay (ramped up over the
 *     first steps, {@link io.gankit.nn.WeightAverage#rampedDecay}), updated after
 *     every G step (0: none; StyleGAN's is about 0.999); it is checkpointed and can be scored beside G
 */
public record TrainConfig(
        String dataset,
        ModelSpec model,
        String loss,
        int epochs,
        int batchSize,
        double learningRateD,
        double learningRateG,
        double beta1,
        double beta2,
        long seed,
        int limit,
        long maxSteps,
        int criticSteps,
        double clip,
        double gradientPenalty,
        long checkpointEvery,
        int samples,
        double emaDecay) {

    public TrainConfig {
        check(epochs > 0, "epochs " + epochs + "; expected at least 1");
        check(batchSize > 0, "batch size " + batchSize + "; expected at least 1");
        check(
                learningRateD > 0 && learningRateG > 0,
                "learning rates " + learningRateD + ", " + learningRateG
                        + "; expected positive values");
        check(
                beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1,
                "Adam betas (" + beta1 + ", " + beta2 + "); expected values in [0, 1)");
        check(limit >= 0, "limit " + limit + "; expected 0 (all) or a positive number of images");
        check(maxSteps >= 0, "max steps " + maxSteps + "; expected 0 (no limit) or more");
        check(criticSteps >= 1, "critic steps " + criticSteps + "; expected at least 1");
        check(
                clip >= 0
                        && gradientPenalty >= 0
                        && Double.isFinite(clip)
                        && Double.isFinite(gradientPenalty),
                "clip " + clip + ", gradient penalty " + gradientPenalty
                        + "; expected 0 (off) or a positive number");
        check(
                checkpointEvery >= 0,
                "checkpoint interval " + checkpointEvery + "; expected 0 or more");
        check(samples > 0, "sample count " + samples + "; expected at least 1");
        check(
                emaDecay >= 0 && emaDecay < 1,
                "EMA decay " + emaDecay + "; expected 0 (none) or a value in (0, 1)");
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new BadInputException(message);
        }
    }

    /**
     * This config with the model's image shape taken from {@code data} (and its class count, for a
     * conditional architecture), so that a model named without a shape fits the data set.
     */
    public TrainConfig fittedTo(TrainingData data) {
        Shape s = data.sampleShape();
        int classes = Architectures.get(model.architecture()).conditional()
                ? data.classNames().size()
                : 0;
        ModelSpec fitted = new ModelSpec(
                model.architecture(),
                model.latent(),
                (int) s.get(0),
                (int) s.get(1),
                (int) s.get(2),
                classes);
        return toBuilder().setModel(fitted).build();
    }

    /**
     * The steps of one epoch over {@code images} training images (the limit applied) for a game
     * whose step takes {@code batchesPerStep} batches: a short last batch is dropped, as are the
     * batches left over from a step. 0 when they make no full step.
     */
    public long stepsPerEpoch(int images, int batchesPerStep) {
        int used = limit > 0 ? Math.min(limit, images) : images;
        return (long) (used / batchSize) / batchesPerStep;
    }

    /**
     * This config made to last {@code steps} G steps over {@code images} training images: as many
     * epochs as that takes (a short last batch is dropped, as the trainer does) and the step limit
     * set, so that the run stops at that step whatever the epoch count.
     */
    public TrainConfig lasting(long steps, int images) {
        check(steps > 0, "a run lasting " + steps + " steps; expected at least 1");
        // a GAN step takes one batch per critic step; the other games refuse critic steps (1)
        long perEpoch = Math.max(1, stepsPerEpoch(images, criticSteps));
        long epochsNeeded = (steps + perEpoch - 1) / perEpoch;
        return toBuilder()
                .optEpochs((int) Math.min(Integer.MAX_VALUE, epochsNeeded))
                .optMaxSteps(steps)
                .build();
    }

    /** A builder with the seed's MNIST GAN settings as defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this config. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.dataset = dataset;
        b.model = model;
        b.loss = loss;
        b.epochs = epochs;
        b.batchSize = batchSize;
        b.learningRateD = learningRateD;
        b.learningRateG = learningRateG;
        b.beta1 = beta1;
        b.beta2 = beta2;
        b.seed = seed;
        b.limit = limit;
        b.maxSteps = maxSteps;
        b.criticSteps = criticSteps;
        b.clip = clip;
        b.gradientPenalty = gradientPenalty;
        b.checkpointEvery = checkpointEvery;
        b.samples = samples;
        b.emaDecay = emaDecay;
        return b;
    }

    /** Builds a {@link TrainConfig}; every value has the seed's default, shown beside it. */
    public static final class Builder {
        private String dataset = "mnist";
        private ModelSpec model = ModelSpec.seedMnist();
        private String loss = "non-saturating"; // the seed: BCE, G with label 1
        private int epochs = 5;
        private int batchSize = 128;
        private double learningRateD = 2e-4;
        private double learningRateG = 2e-4;
        private double beta1 = 0.5;
        private double beta2 = 0.999;
        private long seed = 42;
        private int limit = 0;
        private long maxSteps = 0;
        private int criticSteps = 1;
        private double clip = 0;
        private double gradientPenalty = 0;
        private long checkpointEvery = 500;
        private int samples = 64;
        private double emaDecay = 0; // no weight average of G

        private Builder() {}

        public Builder setDataset(String dataset) {
            this.dataset = dataset;
            return this;
        }

        public Builder setModel(ModelSpec model) {
            this.model = model;
            return this;
        }

        public Builder optLoss(String loss) {
            this.loss = loss;
            return this;
        }

        public Builder optEpochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** Sets both learning rates. */
        public Builder optLearningRate(double lr) {
            this.learningRateD = lr;
            this.learningRateG = lr;
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

        public Builder optLimit(int limit) {
            this.limit = limit;
            return this;
        }

        public Builder optMaxSteps(long maxSteps) {
            this.maxSteps = maxSteps;
            return this;
        }

        public Builder optCriticSteps(int criticSteps) {
            this.criticSteps = criticSteps;
            return this;
        }

        public Builder optClip(double clip) {
            this.clip = clip;
            return this;
        }

        public Builder optGradientPenalty(double lambda) {
            this.gradientPenalty = lambda;
            return this;
        }

        public Builder optCheckpointEvery(long steps) {
            this.checkpointEvery = steps;
            return this;
        }

        public Builder optSamples(int samples) {
            this.samples = samples;
            return this;
        }

        /** Keeps a moving average of G's weights with this decay (0: none), e.g. 0.999. */
        public Builder optEmaDecay(double decay) {
            this.emaDecay = decay;
            return this;
        }

        /** The config; throws {@link BadInputException} naming the first value out of range. */
        public TrainConfig build() {
            if (dataset == null || dataset.isBlank()) {
                throw new BadInputException(
                        "no data set; call setDataset(\"mnist\") or another name");
            }
            if (model == null) {
                throw new BadInputException(
                        "no model; call setModel(ModelSpec.seedMnist()) or another spec");
            }
            return new TrainConfig(
                    dataset,
                    model,
                    loss,
                    epochs,
                    batchSize,
                    learningRateD,
                    learningRateG,
                    beta1,
                    beta2,
                    seed,
                    limit,
                    maxSteps,
                    criticSteps,
                    clip,
                    gradientPenalty,
                    checkpointEvery,
                    samples,
                    emaDecay);
        }
    }
}
