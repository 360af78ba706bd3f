package io.gankit.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;

import io.gankit.BadInputException;
import io.gankit.data.ImageSet;
import io.gankit.data.Resample;
import io.gankit.data.TrainingData;
import io.gankit.engine.Engines;
import io.gankit.engine.Scalars;
import io.gankit.loss.ContentLoss;
import io.gankit.loss.GanLoss;
import io.gankit.loss.Losses;
import io.gankit.nn.Gan;
import io.gankit.nn.SuperResolution;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * SRGAN (Ledig et al. 2017) as a game: an SRResNet generator takes a low-resolution image to one
 * {@code scale} times larger, and the SRGAN discriminator judges it against the original. For the
 * first {@code pretrainSteps} steps G alone learns the pixel MSE (SRResNet-MSE, the paper's start);
 * from then on each step updates D with the non-saturating loss on its logits, then G with the
 * content loss plus 1e-3 times the adversarial loss {@code -log D(G(LR))}.
 *
 * <p>A step takes one batch of high-resolution images from the trainer and makes their
 * low-resolution inputs itself, {@code scale} times smaller, bicubic as {@link Resample} (Pillow's)
 * and rounded to bytes: so the inputs follow the trainer's batch order, and a held-out image
 * resized to a file gives the same input.
 *
 * <p>The held images (for example the first test images) fix the image shape and are the rows of
 * every sample grid: the low-resolution input (enlarged by repeating pixels, so its pixels show),
 * bicubic enlargement, G's output and the original.
 */
public final class SuperResolutionGame implements Game {
    /**
     * The measures of a step. {@code d_loss}: D's non-saturating loss; {@code g_loss}: what G
     * minimised (the pixel MSE while pretraining, then content + weight x adversarial); {@code
     * content}: the content loss of G's output against the original (measured, not trained, while
     * pretraining); {@code adversarial}: {@code -mean log D(G(LR))}; {@code mse}: the pixel MSE in
     * the [-1, 1] range, so PSNR = 10 log10(4 / mse). While pretraining D is neither trained nor
     * asked, and {@code d_loss} and {@code adversarial} are 0: the loop stops at a NaN, and 0 draws
     * as a flat line before the adversarial phase starts.
     */
    public static final List<String> MEASURES =
            List.of("d_loss", "g_loss", "content", "adversarial", "mse");

    /** The networks' and optimisers' names in a checkpoint. */
    static final String GENERATOR = "generator";

    static final String DISCRIMINATOR = "discriminator";

    private final Builder settings;
    private final int channels;
    private final int height;
    private final int width;
    private final Block generator;
    private final Block discriminator;
    private final ParameterStore store;
    private final Adam adamG;
    private final Adam adamD;
    private final GanLoss adversarialLoss = Losses.nonSaturating();
    private final NDArray heldLow;
    private final NDArray heldRows; // nearest, bicubic, (G's output goes here), original

    private SuperResolutionGame(Builder b, NDManager manager) {
        Engines.ensure(); // checked before any network trains, whoever builds it
        this.settings = b;
        ImageSet held = b.held;
        this.channels = held.channels();
        this.height = held.height();
        this.width = held.width();
        int scale = b.scale;
        this.generator = SuperResolution.srResNet()
                .setScale(scale)
                .optChannels(channels)
                .optFilters(b.filters)
                .optBlocks(b.blocks)
                .build();
        this.discriminator = SuperResolution.discriminator()
                .optFilters(b.discriminatorFilters)
                .optDownsamplings(b.downsamplings)
                .optDense(b.dense)
                .build();
        generator.initialize(
                manager, DataType.FLOAT32, new Shape(2, channels, height / scale, width / scale));
        discriminator.initialize(manager, DataType.FLOAT32, new Shape(2, channels, height, width));
        // Weights drawn in Java, PyTorch's default way, so a seed gives the same networks anywhere.
        SplittableRandom random = new SplittableRandom(b.seed);
        Gan.torchDefaultInit(generator, random.split());
        Gan.torchDefaultInit(discriminator, random.split());
        this.store = new ParameterStore(manager, false);
        this.adamG = new Adam(generator, manager, b.learningRate, b.beta1, b.beta2);
        this.adamD = new Adam(discriminator, manager, b.learningRate, b.beta1, b.beta2);

        ImageSet low = Resample.bicubic(held, height / scale, width / scale);
        int[] all = new int[held.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        this.heldLow = low.batch(manager, all);
        try (NDManager scratch = manager.newSubManager()) {
            int n = held.size();
            NDArray nearest = low.batch(scratch, all)
                    .reshape(n, channels, height / scale, 1, width / scale, 1)
                    .broadcast(n, channels, height / scale, scale, width / scale, scale)
                    .reshape(n, channels, height, width);
            this.heldRows = NDArrays.concat(new NDList(
                    nearest,
                    Resample.bicubic(low, height, width).batch(scratch, all),
                    held.batch(scratch, all)));
            heldRows.attach(manager);
        }
    }

    /** A builder; the held images and the pretraining steps are required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Map<String, Block> networks() {
        Map<String, Block> m = new LinkedHashMap<>();
        m.put(GENERATOR, generator);
        m.put(DISCRIMINATOR, discriminator);
        return m;
    }

    @Override
    public Map<String, Adam> optimizers() {
        Map<String, Adam> m = new LinkedHashMap<>();
        m.put(GENERATOR, adamG);
        m.put(DISCRIMINATOR, adamD);
        return m;
    }

    @Override
    public List<String> measures() {
        return MEASURES;
    }

    /** Whether step {@code number} (from 1) trains G alone on the pixel MSE. */
    public boolean pretraining(long number) {
        return number <= settings.pretrainSteps;
    }

    @Override
    public double[] step(StepContext step) {
        NDArray original = step.images(0);
        NDArray low = Resample.bicubic(original, height / settings.scale, width / settings.scale);
        return pretraining(step.number())
                ? pretrain(original, low, step.number())
                : adversarial(original, low, step.number());
    }

    private double[] pretrain(NDArray original, NDArray low, long number) {
        NDArray output;
        float mse;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            output = generate(low, true);
            NDArray loss = ContentLoss.meanSquared(output, original);
            collector.backward(loss);
            mse = loss.getFloat();
            DivergenceException.requireFinite(number, "pixel MSE", mse);
        }
        adamG.step();
        // Outside the collector: a measurement, not a gradient path.
        float content = settings.content.loss(output.stopGradient(), original).getFloat();
        return new double[] {0, mse, content, 0, mse};
    }

    private double[] adversarial(NDArray original, NDArray low, long number) {
        // 1. D learns real from G's output. G's forward pass runs in this collector so that its
        // graph survives for G's update (and batch norm counts it once), as in GanGame.
        NDArray output;
        float dLoss;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            output = generate(low, true);
            NDArray loss = adversarialLoss.discriminatorLoss(
                    discriminate(original), discriminate(output.stopGradient()));
            collector.backward(loss);
            dLoss = loss.getFloat();
            DivergenceException.requireFinite(number, "discriminator loss", dLoss);
        }
        adamD.step();
        // 2. G learns through the frozen D: content + weight x adversarial.
        float[] g;
        adamD.freeze(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray content = settings.content.loss(output, original);
            NDArray adversarial = adversarialLoss.generatorLoss(discriminate(output));
            NDArray loss = content.add(Scalars.times(adversarial, settings.adversarialWeight));
            collector.backward(loss);
            g = NDArrays.stack(new NDList(loss, content, adversarial)).toFloatArray();
            DivergenceException.requireFinite(number, "generator loss", g[0]);
        } finally {
            adamD.freeze(false);
        }
        adamG.step();
        float mse = ContentLoss.meanSquared(output.stopGradient(), original).getFloat();
        return new double[] {dLoss, g[0], g[1], g[2], mse};
    }

    private NDArray generate(NDArray low, boolean training) {
        return generator.forward(store, new NDList(low), training).singletonOrThrow();
    }

    private NDArray discriminate(NDArray images) {
        return discriminator.forward(store, new NDList(images), true).singletonOrThrow();
    }

    /**
     * G's output for low-resolution images {@code (N, C, H/scale, W/scale)} in [-1, 1] (for
     * example {@code Resample.bicubic(testImages, 7, 7).batch(...)}), in inference mode, in their
     * manager.
     */
    public NDArray superResolve(NDArray low) {
        return generate(low, false);
    }

    /**
     * Four rows of the held images: the low-resolution input enlarged by repeating pixels,
     * bicubic enlargement, G's output (inference mode), the original.
     */
    @Override
    public NDArray samples(NDManager into) {
        try (NDManager scratch = into.newSubManager()) {
            NDArray low = heldLow.duplicate();
            low.attach(scratch);
            NDArray rows = heldRows.duplicate();
            rows.attach(scratch);
            int n = Math.toIntExact(low.getShape().get(0));
            NDArray out = NDArrays.concat(
                    new NDList(rows.get("0:{}", 2 * n), superResolve(low), rows.get("{}:", 2 * n)));
            out.attach(into);
            return out;
        }
    }

    /** One row per kind of image (input, bicubic, G's output, original). */
    @Override
    public int sampleColumns(int images) {
        return images / 4;
    }

    @Override
    public String signature() {
        return String.format(
                Locale.ROOT,
                "srgan-x%d %dx%dx%d: SRResNet %d filters x %d blocks, discriminator %d filters x %d"
                        + " levels, dense %d",
                settings.scale,
                channels,
                height,
                width,
                settings.filters,
                settings.blocks,
                settings.discriminatorFilters,
                settings.downsamplings,
                settings.dense);
    }

    @Override
    public void requireFits(TrainingData data) {
        Shape expected = new Shape(channels, height, width);
        if (!expected.equals(data.sampleShape())) {
            Shape s = data.sampleShape();
            throw new BadInputException(data.name() + " has samples of " + s.get(0) + "x" + s.get(1)
                    + "x" + s.get(2) + "; this SRGAN was built for " + channels + "x" + height
                    + "x" + width + " (its held images' shape): hold images of the training set");
        }
    }

    public Block generator() {
        return generator;
    }

    public Block discriminator() {
        return discriminator;
    }

    /** The content loss G learns in the adversarial phase. */
    public ContentLoss contentLoss() {
        return settings.content;
    }

    /**
     * The settings of an SRGAN game. The defaults are the paper's: 4x, 16 residual blocks of 64
     * filters, a discriminator of 64 filters and 4 levels with 1,024 dense units, Adam with
     * learning rate 1e-4 and beta1 0.9, adversarial weight 1e-3. A teaching run on 28 pixel images
     * takes a few blocks and filters.
     */
    public static final class Builder {
        private ImageSet held;
        private long pretrainSteps = -1;
        private int scale = 4;
        private int filters = 64;
        private int blocks = 16;
        private int discriminatorFilters = 64;
        private int downsamplings = 4;
        private int dense = 1024;
        private ContentLoss content = ContentLoss.pixels();
        private double adversarialWeight = 1e-3;
        private double learningRate = 1e-4;
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private long seed = 42;

        private Builder() {}

        /**
         * Required: high-resolution images kept out of training (the first test images, say); they
         * fix the image shape and are shown in every sample grid.
         */
        public Builder setHeldImages(ImageSet held) {
            this.held = held;
            return this;
        }

        /**
         * Required: the steps in which G alone learns the pixel MSE before D joins (0 for none).
         * The paper trains SRResNet first and starts SRGAN from it, so that D meets images worth
         * judging and G keeps the content it learnt.
         */
        public Builder setPretrainSteps(long steps) {
            this.pretrainSteps = steps;
            return this;
        }

        /** The upscaling factor, a power of 2 (default 4, the paper's). */
        public Builder optScale(int scale) {
            this.scale = scale;
            return this;
        }

        /** G's filters and residual blocks (default 64 and 16). */
        public Builder optGenerator(int filters, int blocks) {
            this.filters = filters;
            this.blocks = blocks;
            return this;
        }

        /** D's first-level filters, stride-2 levels and dense units (default 64, 4, 1,024). */
        public Builder optDiscriminator(int filters, int downsamplings, int dense) {
            this.discriminatorFilters = filters;
            this.downsamplings = downsamplings;
            this.dense = dense;
            return this;
        }

        /**
         * What G's output is compared with the original by after pretraining (default the pixel
         * MSE; the paper's choice is features, {@link ContentLoss#features}).
         */
        public Builder optContentLoss(ContentLoss content) {
            this.content = content;
            return this;
        }

        /**
         * The weight of the adversarial loss beside the content loss (default 1e-3, Ledig et al.'s
         * perceptual loss: {@code l_content + 10^-3 l_adversarial}).
         */
        public Builder optAdversarialWeight(double weight) {
            this.adversarialWeight = weight;
            return this;
        }

        /** Both networks' Adam learning rate (default 1e-4, the paper's). */
        public Builder optLearningRate(double learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        /** Adam's betas (default 0.9 and 0.999, the paper's beta1 and PyTorch's beta2). */
        public Builder optBetas(double beta1, double beta2) {
            this.beta1 = beta1;
            this.beta2 = beta2;
            return this;
        }

        /** Seeds the initial weights (default 42; pass the run config's seed). */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The game, its networks and optimisers in {@code manager} (closed with it). */
        public SuperResolutionGame build(NDManager manager) {
            if (held == null || held.size() == 0) {
                throw new BadInputException("an SRGAN game without held images; call setHeldImages"
                        + " with a few high-resolution images kept out of training");
            }
            if (pretrainSteps < 0) {
                throw new BadInputException("an SRGAN game with " + pretrainSteps + " pretraining"
                        + " steps; call setPretrainSteps (0 to start adversarial at once)");
            }
            if (scale < 2 || Integer.bitCount(scale) != 1) {
                throw new BadInputException("an SRGAN game at scale " + scale
                        + "; call optScale with a power of 2 such as 4");
            }
            if (held.height() % scale != 0 || held.width() % scale != 0) {
                throw new BadInputException(held.name() + " holds images of " + held.height() + "x"
                        + held.width() + "; a " + scale + "x SRGAN needs sides divisible by "
                        + scale + ": crop or resize them (such as 28x28 or 32x32)");
            }
            if (content == null) {
                throw new BadInputException("an SRGAN game without a content loss; pass"
                        + " ContentLoss.pixels() or ContentLoss.features(...) to optContentLoss");
            }
            if (!(adversarialWeight >= 0) || Double.isInfinite(adversarialWeight)) {
                throw new BadInputException("adversarial weight " + adversarialWeight
                        + "; expected 0 or more (the paper's 1e-3)");
            }
            Adam.requireSettings(learningRate, beta1, beta2);
            return new SuperResolutionGame(copy(), manager);
        }

        /** These settings, apart from later changes to this builder. */
        private Builder copy() {
            Builder b = new Builder();
            b.held = held;
            b.pretrainSteps = pretrainSteps;
            b.scale = scale;
            b.filters = filters;
            b.blocks = blocks;
            b.discriminatorFilters = discriminatorFilters;
            b.downsamplings = downsamplings;
            b.dense = dense;
            b.content = content;
            b.adversarialWeight = adversarialWeight;
            b.learningRate = learningRate;
            b.beta1 = beta1;
            b.beta2 = beta2;
            b.seed = seed;
            return b;
        }
    }
}
