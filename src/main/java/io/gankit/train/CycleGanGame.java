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
import io.gankit.data.TrainingData;
import io.gankit.engine.Engines;
import io.gankit.engine.Scalars;
import io.gankit.loss.CycleConsistency;
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
 * CycleGAN (Zhu et al. 2017) as a game: unpaired translation between two image domains A and B.
 * Two ResNet generators translate A to B ({@code G_AB}) and B to A ({@code G_BA}); two PatchGAN
 * discriminators with instance norm judge each domain ({@code D_A}: real A against {@code
 * G_BA(B)}; {@code D_B}: real B against {@code G_AB(A)}). No image of A has a partner in B: what
 * ties a translation to its input is the cycle-consistency loss, {@code G_BA(G_AB(a)) ~ a} and
 * {@code G_AB(G_BA(b)) ~ b}.
 *
 * <p>One step, as the authors' code: (1) both generators in one update through the frozen
 * discriminators, minimising adversarial + {@code cycleWeight} x cycle + {@code cycleWeight} x
 * {@code identityWeight} x identity (the identity loss {@code G_AB(b) ~ b}, {@code G_BA(a) ~ a},
 * weighted relative to the cycle weight as in the paper's code); (2) both discriminators on real
 * images against the generated ones of (1), detached and passed through an {@link ImagePool} each,
 * the pools saved with every checkpoint. With the paper's least-squares loss D's loss is the
 * authors' {@code (E[(D(x) - 1)^2] + E[D(fake)^2]) / 2}; the kit's least-squares G loss has LSGAN's
 * factor 1/2 ({@link Losses#leastSquares()}), so the adversarial term weighs half of what it does
 * in the authors' code beside the same cycle weight.
 *
 * <p>The trainer's data is domain A, in the trainer's order; each step draws its batch of B with
 * replacement from {@link Builder#setDomainB domain B} using the step's random numbers (then the
 * pools draw theirs), so a resumed run takes the same images. The held images of both domains are
 * the rows of every sample grid: A, {@code G_AB(A)}, {@code G_BA(G_AB(A))}, B, {@code G_BA(B)},
 * {@code G_AB(G_BA(B))}. The authors' constant-then-linearly-decaying learning rate is not
 * implemented: the rate stays constant.
 */
public final class CycleGanGame implements Game {
    /**
     * The measures of a step. {@code d_a_loss}, {@code d_b_loss}: each discriminator's loss on real
     * images against the pooled generated ones; {@code g_loss}: what the generators minimised;
     * {@code adversarial}: both generators' adversarial losses, summed; {@code cycle}: {@code mean
     * |G_BA(G_AB(a)) - a| + mean |G_AB(G_BA(b)) - b|}, unweighted, in the [-1, 1] range;
     * {@code identity}: {@code mean |G_AB(b) - b| + mean |G_BA(a) - a|}, unweighted (measured
     * without a gradient when its weight is 0).
     */
    public static final List<String> MEASURES =
            List.of("d_a_loss", "d_b_loss", "g_loss", "adversarial", "cycle", "identity");

    /** The networks', optimisers' and pools' names in a checkpoint. */
    public static final String GENERATOR_AB = "generator-ab";

    public static final String GENERATOR_BA = "generator-ba";
    public static final String DISCRIMINATOR_A = "discriminator-a";
    public static final String DISCRIMINATOR_B = "discriminator-b";
    /** The pool of images {@code G_BA} generated, shown to {@code D_A}. */
    public static final String POOL_A = "pool-a";
    /** The pool of images {@code G_AB} generated, shown to {@code D_B}. */
    public static final String POOL_B = "pool-b";

    private final Builder settings;
    private final int channels;
    private final int height;
    private final int width;
    private final ImageSet domainB;
    private final Block generatorAB;
    private final Block generatorBA;
    private final Block discriminatorA;
    private final Block discriminatorB;
    private final ParameterStore store;
    private final Adam adamGAB;
    private final Adam adamGBA;
    private final Adam adamDA;
    private final Adam adamDB;
    private final ImagePool poolA;
    private final ImagePool poolB;
    private final NDArray heldA;
    private final NDArray heldB;

    private CycleGanGame(Builder b, NDManager manager) {
        Engines.ensure(); // checked before any network trains, whoever builds it
        this.settings = b;
        this.domainB = b.domainB;
        this.channels = b.domainB.channels();
        this.height = b.domainB.height();
        this.width = b.domainB.width();
        this.generatorAB = generator(b);
        this.generatorBA = generator(b);
        this.discriminatorA = discriminator(b);
        this.discriminatorB = discriminator(b);
        Shape image = new Shape(2, channels, height, width);
        for (Block block : List.of(generatorAB, generatorBA, discriminatorA, discriminatorB)) {
            block.initialize(manager, DataType.FLOAT32, image);
        }
        // Weights drawn in Java, PyTorch's default way, so a seed gives the same networks anywhere.
        SplittableRandom random = new SplittableRandom(b.seed);
        Gan.torchDefaultInit(generatorAB, random.split());
        Gan.torchDefaultInit(generatorBA, random.split());
        Gan.torchDefaultInit(discriminatorA, random.split());
        Gan.torchDefaultInit(discriminatorB, random.split());
        this.store = new ParameterStore(manager, false);
        this.adamGAB = new Adam(generatorAB, manager, b.learningRate, b.beta1, b.beta2);
        this.adamGBA = new Adam(generatorBA, manager, b.learningRate, b.beta1, b.beta2);
        this.adamDA = new Adam(discriminatorA, manager, b.learningRate, b.beta1, b.beta2);
        this.adamDB = new Adam(discriminatorB, manager, b.learningRate, b.beta1, b.beta2);
        this.poolA = new ImagePool(b.poolSize);
        this.poolB = new ImagePool(b.poolSize);
        this.heldA = b.heldA.batch(manager, all(b.heldA.size()));
        this.heldB = b.heldB.batch(manager, all(b.heldB.size()));
    }

    private static Block generator(Builder b) {
        return ImageToImage.resNet()
                .setOutChannels(b.domainB.channels())
                .optFilters(b.filters)
                .optBlocks(b.blocks)
                .build();
    }

    private static Block discriminator(Builder b) {
        return ImageToImage.patchGan()
                .optFilters(b.discriminatorFilters)
                .optLayers(b.layers)
                .optNorm(ImageToImage.Norm.INSTANCE)
                .build();
    }

    private static int[] all(int n) {
        int[] indices = new int[n];
        for (int i = 0; i < n; i++) {
            indices[i] = i;
        }
        return indices;
    }

    /** A builder; domain B and the held images are required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Map<String, Block> networks() {
        Map<String, Block> m = new LinkedHashMap<>();
        m.put(GENERATOR_AB, generatorAB);
        m.put(GENERATOR_BA, generatorBA);
        m.put(DISCRIMINATOR_A, discriminatorA);
        m.put(DISCRIMINATOR_B, discriminatorB);
        return m;
    }

    @Override
    public Map<String, Adam> optimizers() {
        Map<String, Adam> m = new LinkedHashMap<>();
        m.put(GENERATOR_AB, adamGAB);
        m.put(GENERATOR_BA, adamGBA);
        m.put(DISCRIMINATOR_A, adamDA);
        m.put(DISCRIMINATOR_B, adamDB);
        return m;
    }

    /** The two image pools ({@value #POOL_A}, {@value #POOL_B}): a resumed run needs them. */
    @Override
    public Map<String, SavedState> savedState() {
        Map<String, SavedState> m = new LinkedHashMap<>();
        m.put(POOL_A, poolA);
        m.put(POOL_B, poolB);
        return m;
    }

    @Override
    public List<String> measures() {
        return MEASURES;
    }

    @Override
    public double[] step(StepContext step) {
        NDArray realA = step.images(0);
        SplittableRandom random = step.random();
        int[] pick = new int[step.batchSize()];
        for (int i = 0; i < pick.length; i++) {
            pick[i] = random.nextInt(domainB.size());
        }
        NDArray realB = domainB.batch(step.scope(), pick);
        long number = step.number();

        // 1. Both generators in one update, through the frozen discriminators: their weights
        // neither change nor gather gradients, while the gradient still flows through them.
        NDArray fakeA;
        NDArray fakeB;
        float[] g;
        adamDA.freeze(true);
        adamDB.freeze(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            fakeB = generate(generatorAB, realA, true);
            fakeA = generate(generatorBA, realB, true);
            NDArray adversarial = settings.loss
                    .generatorLoss(discriminate(discriminatorB, fakeB))
                    .add(settings.loss.generatorLoss(discriminate(discriminatorA, fakeA)));
            NDArray cycle = CycleConsistency.cycle(generate(generatorBA, fakeB, true), realA)
                    .add(CycleConsistency.cycle(generate(generatorAB, fakeA, true), realB));
            NDArray total = adversarial.add(Scalars.times(cycle, settings.cycleWeight));
            NDList measured = new NDList(total, adversarial, cycle);
            if (settings.identityWeight > 0) {
                NDArray identity = identityLoss(realA, realB);
                total = total.add(
                        Scalars.times(identity, settings.cycleWeight * settings.identityWeight));
                measured = new NDList(total, adversarial, cycle, identity);
            }
            collector.backward(total);
            g = NDArrays.stack(measured).toFloatArray();
            DivergenceException.requireFinite(number, "generator loss", g[0]);
        } finally {
            adamDA.freeze(false);
            adamDB.freeze(false);
        }
        // Without its weight the identity loss is only measured, outside the collector (no graph),
        // by the networks the other losses saw: before the update.
        double identity = g.length == 4 ? g[3] : identityLoss(realA, realB).getFloat();
        adamGAB.step();
        adamGBA.step();

        // 2. Both discriminators on real images against the pooled, detached generated ones.
        NDArray shownA = poolA.query(fakeA.stopGradient(), random);
        NDArray shownB = poolB.query(fakeB.stopGradient(), random);
        float[] d;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray lossA = settings.loss.discriminatorLoss(
                    discriminate(discriminatorA, realA), discriminate(discriminatorA, shownA));
            NDArray lossB = settings.loss.discriminatorLoss(
                    discriminate(discriminatorB, realB), discriminate(discriminatorB, shownB));
            collector.backward(lossA.add(lossB));
            d = NDArrays.stack(new NDList(lossA, lossB)).toFloatArray();
            DivergenceException.requireFinite(number, "discriminator A loss", d[0]);
            DivergenceException.requireFinite(number, "discriminator B loss", d[1]);
        }
        adamDA.step();
        adamDB.step();
        return new double[] {d[0], d[1], g[0], g[1], g[2], identity};
    }

    /** {@code mean |G_AB(b) - b| + mean |G_BA(a) - a|}. */
    private NDArray identityLoss(NDArray realA, NDArray realB) {
        return CycleConsistency.identity(generate(generatorAB, realB, true), realB)
                .add(CycleConsistency.identity(generate(generatorBA, realA, true), realA));
    }

    private NDArray generate(Block generator, NDArray images, boolean training) {
        return generator.forward(store, new NDList(images), training).singletonOrThrow();
    }

    private NDArray discriminate(Block discriminator, NDArray images) {
        return discriminator.forward(store, new NDList(images), true).singletonOrThrow();
    }

    /**
     * {@code G_AB} of images of domain A {@code (N, C, H, W)} in [-1, 1], in inference mode, in
     * their manager.
     */
    public NDArray translateAB(NDArray a) {
        return generate(generatorAB, requireImages(a, "translateAB"), false);
    }

    /**
     * {@code G_BA} of images of domain B {@code (N, C, H, W)} in [-1, 1], in inference mode, in
     * their manager.
     */
    public NDArray translateBA(NDArray b) {
        return generate(generatorBA, requireImages(b, "translateBA"), false);
    }

    private NDArray requireImages(NDArray x, String what) {
        Shape s = x.getShape();
        if (s.dimension() != 4 || s.get(1) != channels || s.get(2) != height || s.get(3) != width) {
            throw new BadInputException("images of shape " + s + " for " + what + "; expected (n, "
                    + channels + ", " + height + ", " + width + ") in [-1, 1]");
        }
        return x;
    }

    /**
     * Six rows of the held images (each row as many images as held of each domain): A, {@code
     * G_AB(A)}, {@code G_BA(G_AB(A))}, B, {@code G_BA(B)}, {@code G_AB(G_BA(B))}, networks in
     * inference mode.
     */
    @Override
    public NDArray samples(NDManager into) {
        try (NDManager scratch = into.newSubManager()) {
            NDArray a = heldA.duplicate();
            a.attach(scratch);
            NDArray b = heldB.duplicate();
            b.attach(scratch);
            NDArray ab = translateAB(a);
            NDArray ba = translateBA(b);
            NDArray out =
                    NDArrays.concat(new NDList(a, ab, translateBA(ab), b, ba, translateAB(ba)));
            out.attach(into);
            return out;
        }
    }

    /** One row per kind of image; as many columns as held images of each domain. */
    @Override
    public int sampleColumns(int images) {
        return images / 6;
    }

    @Override
    public String signature() {
        return String.format(
                Locale.ROOT,
                "cyclegan %dx%dx%d: ResNet %d filters x %d blocks, PatchGAN %d filters x %d"
                        + " layers",
                channels,
                height,
                width,
                settings.filters,
                settings.blocks,
                settings.discriminatorFilters,
                settings.layers);
    }

    @Override
    public void requireFits(TrainingData data) {
        Shape expected = new Shape(channels, height, width);
        if (!expected.equals(data.sampleShape())) {
            Shape s = data.sampleShape();
            throw new BadInputException(data.name() + " has samples of " + s.get(0) + "x" + s.get(1)
                    + "x" + s.get(2) + "; this CycleGAN translates " + channels + "x" + height
                    + "x" + width + " images (domain B's shape): train on domain A images of the"
                    + " same shape (for MNIST, DigitDomains.greyRgb makes grey digits 3-channel)");
        }
    }

    public Block generatorAB() {
        return generatorAB;
    }

    public Block generatorBA() {
        return generatorBA;
    }

    /** The discriminator of domain A: real A against {@code G_BA(B)}. */
    public Block discriminatorA() {
        return discriminatorA;
    }

    /** The discriminator of domain B: real B against {@code G_AB(A)}. */
    public Block discriminatorB() {
        return discriminatorB;
    }

    /** The images of domain B the steps draw from. */
    public ImageSet domainB() {
        return domainB;
    }

    /** The pool of generated A images shown to {@code D_A}. */
    public ImagePool poolA() {
        return poolA;
    }

    /** The pool of generated B images shown to {@code D_B}. */
    public ImagePool poolB() {
        return poolB;
    }

    /**
     * The settings of a CycleGAN game. The defaults are the paper's: ResNet generators of 64
     * filters and 9 blocks (256-pixel images; 6 blocks for 128), a 70-pixel PatchGAN (64 filters, 3
     * layers) with instance norm, least-squares loss, cycle weight 10, identity weight 0.5 of it,
     * Adam at 2e-4 with betas 0.5 and 0.999, pools of 50 images. A teaching run on 28-pixel digits
     * takes 16 to 32 filters, 2 to 4 blocks and a PatchGAN of 2 layers.
     */
    public static final class Builder {
        private ImageSet domainB;
        private ImageSet heldA;
        private ImageSet heldB;
        private int filters = 64;
        private int blocks = 9;
        private int discriminatorFilters = 64;
        private int layers = 3;
        private double cycleWeight = 10;
        private double identityWeight = 0.5;
        private GanLoss loss = Losses.leastSquares();
        private double learningRate = 2e-4;
        private double beta1 = 0.5;
        private double beta2 = 0.999;
        private int poolSize = 50;
        private long seed = 42;

        private Builder() {}

        /**
         * Required: the training images of domain B (the trainer's data is domain A); each step
         * draws its batch of B from them with the step's random numbers. Images of the same shape
         * as A's, none of them A's partner (for digits, {@code DigitDomains.unpaired}).
         */
        public Builder setDomainB(ImageSet domainB) {
            this.domainB = domainB;
            return this;
        }

        /**
         * Required: as many images of A as of B kept out of training (the first test images, say);
         * they are the rows of every sample grid.
         */
        public Builder setHeldImages(ImageSet heldA, ImageSet heldB) {
            this.heldA = heldA;
            this.heldB = heldB;
            return this;
        }

        /** Both generators' first-layer filters and residual blocks (default 64 and 9). */
        public Builder optGenerator(int filters, int blocks) {
            this.filters = filters;
            this.blocks = blocks;
            return this;
        }

        /** Both discriminators' first-layer filters and stride-2 layers (default 64 and 3). */
        public Builder optDiscriminator(int filters, int layers) {
            this.discriminatorFilters = filters;
            this.layers = layers;
            return this;
        }

        /** The weight of the cycle-consistency loss beside the adversarial one (default 10). */
        public Builder optCycleWeight(double weight) {
            this.cycleWeight = weight;
            return this;
        }

        /**
         * The weight of the identity loss as a fraction of the cycle weight (default 0.5, the
         * paper's; 0 leaves it out of training and only measures it).
         */
        public Builder optIdentityWeight(double weight) {
            this.identityWeight = weight;
            return this;
        }

        /** The adversarial loss of all four networks (default least-squares, the paper's). */
        public Builder optLoss(GanLoss loss) {
            this.loss = loss;
            return this;
        }

        /** All four networks' Adam learning rate (default 2e-4, the paper's). */
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

        /** Generated images each discriminator's pool keeps (default 50; 0 for no pool). */
        public Builder optPoolSize(int poolSize) {
            this.poolSize = poolSize;
            return this;
        }

        /** Seeds the initial weights (default 42; pass the run config's seed). */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The game, its networks and optimisers in {@code manager} (closed with it). */
        public CycleGanGame build(NDManager manager) {
            if (domainB == null || domainB.size() == 0) {
                throw new BadInputException("a CycleGAN game without domain B; call setDomainB with"
                        + " the training images of the domain to translate to (the trainer's"
                        + " data is domain A)");
            }
            if (heldA == null || heldB == null || heldA.size() == 0 || heldB.size() == 0) {
                throw new BadInputException("a CycleGAN game without held images; call"
                        + " setHeldImages with a few images of each domain kept out of training");
            }
            if (heldA.size() != heldB.size()) {
                throw new BadInputException("a CycleGAN game with " + heldA.size()
                        + " held images of A and " + heldB.size() + " of B; hold as many of each"
                        + " (they are the columns of the sample grid)");
            }
            for (ImageSet set : List.of(heldA, heldB)) {
                if (!set.sampleShape().equals(domainB.sampleShape())) {
                    throw new BadInputException(set.name() + " holds images of " + shape(set)
                            + " and domain B has " + shape(domainB) + "; CycleGAN needs one shape"
                            + " for both domains (its identity loss compares G_AB(b) with b)");
                }
            }
            if (domainB.height() % 4 != 0 || domainB.width() % 4 != 0) {
                throw new BadInputException(domainB.name() + " holds images of " + shape(domainB)
                        + "; the ResNet generator halves the side twice, so it needs sides"
                        + " divisible by 4: crop or resize them (such as 28x28 or 32x32)");
            }
            if (filters < 1 || blocks < 1) {
                throw new BadInputException("generators of " + filters + " filters and " + blocks
                        + " blocks; call optGenerator with at least 1 of each (the paper's 64, 9)");
            }
            if (discriminatorFilters < 1 || layers < 1) {
                throw new BadInputException("discriminators of " + discriminatorFilters
                        + " filters and " + layers + " layers; call optDiscriminator with at least"
                        + " 1 of each (the paper's 64, 3)");
            }
            int side = Math.min(domainB.height(), domainB.width()) >> layers;
            if (side < 3) {
                throw new BadInputException("a PatchGAN of " + layers + " stride-2 layers on "
                        + shape(domainB) + " images leaves no patch to judge; call"
                        + " optDiscriminator with fewer layers (2 for 28 pixels)");
            }
            if (!(cycleWeight >= 0) || Double.isInfinite(cycleWeight)) {
                throw new BadInputException(
                        "cycle weight " + cycleWeight + "; expected 0 or more (the paper's 10)");
            }
            if (!(identityWeight >= 0) || Double.isInfinite(identityWeight)) {
                throw new BadInputException("identity weight " + identityWeight
                        + "; expected 0 or more (the paper's 0.5, relative to the cycle weight)");
            }
            if (loss == null) {
                throw new BadInputException("a CycleGAN game without an adversarial loss; pass"
                        + " Losses.leastSquares() (the paper's) or another to optLoss");
            }
            Adam.requireSettings(learningRate, beta1, beta2);
            if (poolSize < 0) {
                throw new BadInputException("an image pool of " + poolSize
                        + " images; call optPoolSize with 0 (no pool) or more (the paper's 50)");
            }
            return new CycleGanGame(copy(), manager);
        }

        private static String shape(ImageSet set) {
            return set.channels() + "x" + set.height() + "x" + set.width();
        }

        /** These settings, apart from later changes to this builder. */
        private Builder copy() {
            Builder b = new Builder();
            b.domainB = domainB;
            b.heldA = heldA;
            b.heldB = heldB;
            b.filters = filters;
            b.blocks = blocks;
            b.discriminatorFilters = discriminatorFilters;
            b.layers = layers;
            b.cycleWeight = cycleWeight;
            b.identityWeight = identityWeight;
            b.loss = loss;
            b.learningRate = learningRate;
            b.beta1 = beta1;
            b.beta2 = beta2;
            b.poolSize = poolSize;
            b.seed = seed;
            return b;
        }
    }
}
