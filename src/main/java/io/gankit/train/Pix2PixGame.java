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
import io.gankit.data.Greyscale;
import io.gankit.data.ImageSet;
import io.gankit.data.TrainingData;
import io.gankit.engine.Engines;
import io.gankit.engine.Scalars;
import io.gankit.loss.GanLoss;
import io.gankit.loss.Losses;
import io.gankit.nn.Gan;
import io.gankit.nn.ImageToImage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * pix2pix (Isola et al. 2017) as a game, on colourisation: a U-Net generator paints a grey image
 * in colour, and a PatchGAN discriminator judges each patch of the grey image joined with a colour
 * one (the real colours or G's) as real or fake. Each step updates D on half the non-saturating
 * loss (the paper halves it to slow D), then G on {@code adversarialWeight x -log D(grey, G(grey)) +
 * l1Weight x |G(grey) - colour|} (the paper: 1 and 100). With an adversarial weight of 0 the game
 * is the L1-only U-Net the paper compares with: D is neither trained nor asked.
 *
 * <p>A step takes one batch of colour images from the trainer and makes their grey inputs itself
 * ({@link Greyscale}, Pillow's luma to the byte), so the inputs follow the trainer's batch order
 * and a grey image file gives the same input.
 *
 * <p>The held images (the first test images, say) are the columns of every sample grid: rows of
 * the grey input, G's colours (inference mode) and the original.
 */
public final class Pix2PixGame implements Game {
    /**
     * The measures of a step. {@code d_loss}: D's loss (half the non-saturating loss, 0 when D is
     * idle); {@code g_loss}: what G minimised; {@code l1}: mean |G(grey) - colour| on the [-1, 1]
     * scale; {@code adversarial}: {@code -mean log D(grey, G(grey))} (0 when D is idle).
     */
    public static final List<String> MEASURES = List.of("d_loss", "g_loss", "l1", "adversarial");

    static final String GENERATOR = "generator";
    static final String DISCRIMINATOR = "discriminator";

    private final Builder settings;
    private final int height;
    private final int width;
    private final Block generator;
    private final Block discriminator;
    private final ParameterStore store;
    private final Adam adamG;
    private final Adam adamD;
    private final GanLoss adversarialLoss = Losses.nonSaturating();
    private final NDArray heldGrey;
    private final NDArray heldColour;

    private Pix2PixGame(Builder b, NDManager manager) {
        Engines.ensure(); // checked before any network trains, whoever builds it
        this.settings = b;
        this.height = b.held.height();
        this.width = b.held.width();
        this.generator = ImageToImage.uNet()
                .setOutChannels(3)
                .optFilters(b.filters)
                .optDowns(b.downs)
                .optDropout(b.dropout)
                .build();
        this.discriminator = ImageToImage.patchGan()
                .optFilters(b.discriminatorFilters)
                .optLayers(b.discriminatorLayers)
                .build();
        generator.initialize(manager, DataType.FLOAT32, new Shape(2, 1, height, width));
        discriminator.initialize(manager, DataType.FLOAT32, new Shape(2, 4, height, width));
        // Weights drawn in Java, PyTorch's default way, so a seed gives the same networks anywhere.
        SplittableRandom random = new SplittableRandom(b.seed);
        Gan.torchDefaultInit(generator, random.split());
        Gan.torchDefaultInit(discriminator, random.split());
        this.store = new ParameterStore(manager, false);
        this.adamG = new Adam(generator, manager, b.learningRate, b.beta1, b.beta2);
        this.adamD = new Adam(discriminator, manager, b.learningRate, b.beta1, b.beta2);
        int[] all = new int[b.held.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        this.heldColour = b.held.batch(manager, all);
        this.heldGrey = Greyscale.of(heldColour);
    }

    /** A builder; the held images are required. */
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

    /** Whether D takes part (an adversarial weight above 0); without it this is the L1-only U-Net. */
    public boolean adversarial() {
        return settings.adversarialWeight > 0;
    }

    @Override
    public double[] step(StepContext step) {
        NDArray colour = step.images(0);
        NDArray grey = Greyscale.of(colour);
        // 1. D learns real colours from G's, each judged beside the grey input. G's forward pass
        // runs in this collector so that its graph survives for G's update, as in GanGame.
        NDArray output;
        float dLoss = 0;
        if (adversarial()) {
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                output = colourise(grey, true);
                NDArray loss = Scalars.times(
                        adversarialLoss.discriminatorLoss(
                                discriminate(grey, colour),
                                discriminate(grey, output.stopGradient())),
                        0.5);
                collector.backward(loss);
                dLoss = loss.getFloat();
                DivergenceException.requireFinite(step.number(), "discriminator loss", dLoss);
            }
            adamD.step();
        } else {
            output = null;
        }
        // 2. G learns through the frozen D: weight x adversarial + l1Weight x L1.
        float[] g;
        adamD.freeze(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray out = output != null ? output : colourise(grey, true);
            NDArray l1 = out.sub(colour).abs().mean();
            NDArray loss = Scalars.times(l1, settings.l1Weight);
            NDArray adversarial;
            if (adversarial()) {
                adversarial = adversarialLoss.generatorLoss(discriminate(grey, out));
                loss = loss.add(Scalars.times(adversarial, settings.adversarialWeight));
            } else {
                adversarial = l1.zerosLike();
            }
            collector.backward(loss);
            g = NDArrays.stack(new NDList(loss, l1, adversarial)).toFloatArray();
            DivergenceException.requireFinite(step.number(), "generator loss", g[0]);
        } finally {
            adamD.freeze(false);
        }
        adamG.step();
        return new double[] {dLoss, g[0], g[1], g[2]};
    }

    private NDArray colourise(NDArray grey, boolean training) {
        return generator.forward(store, new NDList(grey), training).singletonOrThrow();
    }

    /** D's patch logits for colour images beside their grey inputs, joined along the channels. */
    private NDArray discriminate(NDArray grey, NDArray colour) {
        NDArray pair = grey.concat(colour, 1);
        return discriminator.forward(store, new NDList(pair), true).singletonOrThrow();
    }

    /**
     * G's colours {@code (N, 3, H, W)} for grey images {@code (N, 1, H, W)} in [-1, 1] (for example
     * {@code Greyscale.of(testImages).batch(...)}), in inference mode, in their manager.
     */
    public NDArray colourise(NDArray grey) {
        return colourise(grey, false);
    }

    /** Three rows of the held images: the grey input, G's colours (inference mode), the original. */
    @Override
    public NDArray samples(NDManager into) {
        try (NDManager scratch = into.newSubManager()) {
            NDArray grey = heldGrey.duplicate();
            grey.attach(scratch);
            NDArray colour = heldColour.duplicate();
            colour.attach(scratch);
            NDArray out =
                    NDArrays.concat(new NDList(Greyscale.asColour(grey), colourise(grey), colour));
            out.attach(into);
            return out;
        }
    }

    /** One row per kind of image (input, output, original). */
    @Override
    public int sampleColumns(int images) {
        return images / 3;
    }

    @Override
    public String signature() {
        return String.format(
                Locale.ROOT,
                "pix2pix colourisation 3x%dx%d: U-Net %d filters x %d levels%s, PatchGAN %d filters"
                        + " x %d layers",
                height,
                width,
                settings.filters,
                settings.downs,
                settings.dropout ? " with dropout" : "",
                settings.discriminatorFilters,
                settings.discriminatorLayers);
    }

    @Override
    public void requireFits(TrainingData data) {
        Shape expected = new Shape(3, height, width);
        if (!expected.equals(data.sampleShape())) {
            Shape s = data.sampleShape();
            throw new BadInputException(data.name() + " has samples of " + s.get(0) + "x" + s.get(1)
                    + "x" + s.get(2) + "; this pix2pix colourises 3x" + height + "x" + width
                    + " images (its held images' shape): train it on colour images such as"
                    + " CIFAR-10's");
        }
    }

    public Block generator() {
        return generator;
    }

    public Block discriminator() {
        return discriminator;
    }

    /**
     * The settings of a pix2pix game. Defaults are the paper's where they fit 32-pixel images: a
     * U-Net of 64 filters down to 1x1 (5 levels) with dropout, a PatchGAN of 64 filters, L1 weight
     * 100, adversarial weight 1, Adam 2e-4 with betas 0.5, 0.999. Its 70-pixel patches do not fit a
     * 32-pixel image; the default here is 1 stride-2 layer, 16-pixel patches (the paper's 16x16
     * PatchGAN).
     */
    public static final class Builder {
        private ImageSet held;
        private int filters = 64;
        private int downs = 5;
        private boolean dropout = true;
        private int discriminatorFilters = 64;
        private int discriminatorLayers = 1;
        private double l1Weight = 100;
        private double adversarialWeight = 1;
        private double learningRate = 2e-4;
        private double beta1 = 0.5;
        private double beta2 = 0.999;
        private long seed = 42;

        private Builder() {}

        /**
         * Required: colour images kept out of training (the first test images, say); they fix the
         * image shape and are shown in every sample grid.
         */
        public Builder setHeldImages(ImageSet held) {
            this.held = held;
            return this;
        }

        /** The U-Net's first-level filters and levels (default 64 and 5: 32 pixels down to 1). */
        public Builder optGenerator(int filters, int downs) {
            this.filters = filters;
            this.downs = downs;
            return this;
        }

        /** Dropout 0.5 in the U-Net's inner decoder levels while training (default on, the paper's noise). */
        public Builder optDropout(boolean dropout) {
            this.dropout = dropout;
            return this;
        }

        /** The PatchGAN's first filters and stride-2 layers (default 64 and 1: 16-pixel patches). */
        public Builder optDiscriminator(int filters, int layers) {
            this.discriminatorFilters = filters;
            this.discriminatorLayers = layers;
            return this;
        }

        /** The weight of the L1 loss (default 100, the paper's lambda). */
        public Builder optL1Weight(double weight) {
            this.l1Weight = weight;
            return this;
        }

        /** The weight of the adversarial loss (default 1; 0 trains the L1-only U-Net, D idle). */
        public Builder optAdversarialWeight(double weight) {
            this.adversarialWeight = weight;
            return this;
        }

        /** Both networks' Adam learning rate (default 2e-4, the paper's). */
        public Builder optLearningRate(double learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        /** Adam's betas (default 0.5 and 0.999, the paper's). */
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
        public Pix2PixGame build(NDManager manager) {
            if (held == null || held.size() == 0) {
                throw new BadInputException("a pix2pix game without held images; call"
                        + " setHeldImages with a few colour images kept out of training");
            }
            if (held.channels() != 3) {
                throw new BadInputException(held.name() + " holds images of " + held.channels()
                        + " channels; pix2pix colourisation needs colour images (3 channels),"
                        + " such as CIFAR-10's");
            }
            int side = 1 << downs;
            if (downs < 2 || held.height() % side != 0 || held.width() % side != 0) {
                throw new BadInputException("a U-Net of " + downs + " levels on " + held.height()
                        + "x" + held.width() + " images; expected at least 2 levels and sides"
                        + " divisible by 2^levels (32x32 takes up to 5)");
            }
            if (!(l1Weight >= 0)
                    || !(adversarialWeight >= 0)
                    || Double.isInfinite(l1Weight + adversarialWeight)
                    || l1Weight + adversarialWeight == 0) {
                throw new BadInputException("L1 weight " + l1Weight + " and adversarial weight "
                        + adversarialWeight + "; expected finite weights of 0 or more, not both 0"
                        + " (the paper's 100 and 1)");
            }
            Adam.requireSettings(learningRate, beta1, beta2);
            return new Pix2PixGame(copy(), manager);
        }

        private Builder copy() {
            Builder b = new Builder();
            b.held = held;
            b.filters = filters;
            b.downs = downs;
            b.dropout = dropout;
            b.discriminatorFilters = discriminatorFilters;
            b.discriminatorLayers = discriminatorLayers;
            b.l1Weight = l1Weight;
            b.adversarialWeight = adversarialWeight;
            b.learningRate = learningRate;
            b.beta1 = beta1;
            b.beta2 = beta2;
            b.seed = seed;
            return b;
        }
    }
}
