package io.gankit.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;

import io.gankit.BadInputException;
import io.gankit.data.Pyramid;
import io.gankit.data.TrainingData;
import io.gankit.engine.Engines;
import io.gankit.loss.GanLoss;
import io.gankit.loss.Losses;
import io.gankit.nn.Gan;
import io.gankit.nn.ImageSampler;
import io.gankit.nn.Lapgan;
import io.gankit.nn.Upsample2x;
import io.gankit.nn.WeightAverage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * LAPGAN (Denton et al. 2015) as a game: a GAN for the coarsest level of a Laplacian pyramid
 * ({@link Pyramid}) and, for each finer level, a conditional GAN that draws the residual given the
 * upsampled coarser image ({@link Lapgan}'s networks). Sampling runs the chain: a base image from
 * noise, upsampled, plus a generated residual, upsampled, plus the next, up to full size.
 *
 * <p>The levels are independent in training: each learns from the pyramid of real images (level
 * k's condition is the real image at level k - 1, upsampled), so they are trained level by level,
 * as in the paper: the first {@code stepsPerLevel} steps train the base level, the next as many the
 * level above, and so on; steps after the last level's share keep training the finest level.
 * Each step takes one batch of full-size images and updates one level's D (the non-saturating
 * loss) and then its G through the frozen D.
 *
 * <p>With a weight average ({@link Builder#optAverage}) each level's G has a moving average of its
 * weights that follows it while that level trains, and sampling (the chain, the grid, FID and IS)
 * runs the averaged generators; {@link #sampler(boolean) sampler(false)} runs the trained ones.
 *
 * <p>The sample grid shows the chain for fixed noise, one column per sample: the base image, then
 * for each finer level the upsampled image and the image with its residual added; every picture is
 * enlarged (nearest neighbour) to full size so the grid lines up.
 */
public final class LapganGame implements Game, ImageSampler, WeightAveraged {
    /**
     * The measures of a step. {@code level}: the level trained (0 the base); {@code d_loss},
     * {@code g_loss}: that level's losses; {@code d_real}, {@code d_fake}: its D's mean probability
     * that the real and the generated batch are real.
     */
    public static final List<String> MEASURES =
            List.of("level", "d_loss", "g_loss", "d_real", "d_fake");

    private final Builder settings;
    private final int channels;
    private final int side;
    private final int baseSide;
    private final List<Block> generators = new ArrayList<>();
    private final List<Block> discriminators = new ArrayList<>();
    private final List<Block> averages = new ArrayList<>(); // each level's averaged G, or none
    private final List<Adam> adamG = new ArrayList<>();
    private final List<Adam> adamD = new ArrayList<>();
    private final ParameterStore store;
    private final GanLoss loss = Losses.nonSaturating();

    private LapganGame(Builder b, NDManager manager) {
        Engines.ensure(); // checked before any network trains, whoever builds it
        this.settings = b;
        this.channels = b.channels;
        this.side = b.side;
        this.baseSide = b.side >> (b.levels - 1);
        SplittableRandom random = new SplittableRandom(b.seed);
        for (int k = 0; k < b.levels; k++) {
            int s = baseSide << k;
            Block g = generator(b, k, manager);
            Block d = k == 0
                    ? Lapgan.baseDiscriminator(b.hidden)
                    : Lapgan.levelDiscriminator(b.filters);
            d.initialize(manager, DataType.FLOAT32, new Shape(2, channels, s, s));
            // weights drawn in Java, PyTorch's default way, so a seed gives the same networks
            Gan.torchDefaultInit(g, random.split());
            Gan.torchDefaultInit(d, random.split());
            generators.add(g);
            discriminators.add(d);
            if (b.averageDecay > 0) {
                Block average = generator(b, k, manager);
                average.freezeParameters(true); // never trained: it follows G
                WeightAverage.copy(g, average);
                averages.add(average);
            }
            adamG.add(new Adam(g, manager, b.learningRate, b.beta1, b.beta2));
            adamD.add(new Adam(d, manager, b.learningRate, b.beta1, b.beta2));
        }
        this.store = new ParameterStore(manager, false);
    }

    /** Level {@code k}'s generator, initialised for its input, in {@code manager}. */
    private Block generator(Builder b, int k, NDManager manager) {
        int s = baseSide << k;
        Block g = k == 0
                ? Lapgan.baseGenerator(channels, s, b.hidden)
                : Lapgan.levelGenerator(channels, b.filters);
        Shape in = k == 0 ? new Shape(2, b.latent) : new Shape(2, channels + 1, s, s);
        g.initialize(manager, DataType.FLOAT32, in);
        return g;
    }

    /** A builder with the defaults of a 3-level LAPGAN of 32x32 colour images (8, 16, 32). */
    public static Builder builder() {
        return new Builder();
    }

    /** The name of level {@code k}'s networks in checkpoints: its side, {@code generator-16}. */
    private String name(String role, int k) {
        return role + "-" + (baseSide << k);
    }

    @Override
    public Map<String, Block> networks() {
        Map<String, Block> m = new LinkedHashMap<>();
        for (int k = 0; k < settings.levels; k++) {
            m.put(name("generator", k), generators.get(k));
            m.put(name("discriminator", k), discriminators.get(k));
            if (keepsAverage()) {
                m.put(name("generator", k) + "-ema", averages.get(k));
            }
        }
        return m;
    }

    @Override
    public Map<String, Adam> optimizers() {
        Map<String, Adam> m = new LinkedHashMap<>();
        for (int k = 0; k < settings.levels; k++) {
            m.put(name("generator", k), adamG.get(k));
            m.put(name("discriminator", k), adamD.get(k));
        }
        return m;
    }

    @Override
    public List<String> measures() {
        return MEASURES;
    }

    /** The level that step {@code number} (from 1, as {@link StepContext#number()}) trains. */
    public int levelAt(long number) {
        return (int) Math.min((number - 1) / settings.stepsPerLevel, settings.levels - 1);
    }

    /**
     * The weight average's decay for the {@code t}-th step of a level (from 1), ramped up at each
     * level's start ({@link WeightAverage#rampedDecay}).
     */
    public double averageDecay(long t) {
        return WeightAverage.rampedDecay(settings.averageDecay, t);
    }

    /** How many steps level {@code k} has taken after step {@code number} (from 1). */
    private long stepsOfLevel(int k, long number) {
        return number - k * settings.stepsPerLevel;
    }

    @Override
    public double[] step(StepContext step) {
        int k = levelAt(step.number());
        SplittableRandom random = step.random();
        NDManager scope = step.scope();
        // what level k learns: the base image itself, or the residual of the batch at level k
        // given its upsampled coarser level (Pyramid.laplacian's level k, only the levels needed)
        NDArray image = step.images(0);
        for (int i = k; i < settings.levels - 1; i++) {
            image = Pyramid.down(image);
        }
        NDArray condition = k == 0 ? null : Pyramid.up(Pyramid.down(image));
        NDArray real = k == 0 ? image : image.sub(condition);
        int n = Math.toIntExact(real.getShape().get(0));
        NDArray noise = noise(scope, k, n, random);
        Block g = generators.get(k);
        // 1. D learns the real from the generated; G's forward pass runs in this collector so
        // that its graph survives for G's update (as in GanGame)
        NDArray fake;
        float[] d;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            fake = generate(g, k, noise, condition, true);
            NDArray realLogits = discriminate(k, real, condition);
            NDArray fakeLogits = discriminate(k, fake.stopGradient(), condition);
            NDArray lossD = loss.discriminatorLoss(realLogits, fakeLogits);
            collector.backward(lossD);
            d = NDArrays.stack(new NDList(
                            lossD,
                            Activation.sigmoid(realLogits.stopGradient()).mean(),
                            Activation.sigmoid(fakeLogits.stopGradient()).mean()))
                    .toFloatArray();
            DivergenceException.requireFinite(step.number(), "discriminator loss", d[0]);
        }
        adamD.get(k).step();
        // 2. G learns through the frozen D
        float lossG;
        adamD.get(k).freeze(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray l = loss.generatorLoss(discriminate(k, fake, condition));
            collector.backward(l);
            lossG = l.getFloat();
            DivergenceException.requireFinite(step.number(), "generator loss", lossG);
        } finally {
            adamD.get(k).freeze(false);
        }
        adamG.get(k).step();
        // 3. the level's weight average follows
        if (keepsAverage()) {
            float decay = (float) averageDecay(stepsOfLevel(k, step.number()));
            WeightAverage.update(averages.get(k), g, decay);
        }
        return new double[] {k, d[0], lossG, d[1], d[2]};
    }

    /**
     * Level {@code k}'s noise for {@code n} samples, drawn in Java: the latent vectors of the base,
     * a plane of pixels for a finer level.
     */
    private NDArray noise(NDManager into, int k, int n, SplittableRandom random) {
        int s = baseSide << k;
        Shape shape = k == 0 ? new Shape(n, settings.latent) : new Shape(n, 1, s, s);
        return Gan.normal(into, shape, random);
    }

    /** Level k's G: the base image, or the residual for {@code condition} (upsampled image). */
    private NDArray generate(Block g, int k, NDArray noise, NDArray condition, boolean training) {
        NDArray in = k == 0 ? noise : condition.concat(noise, 1);
        return g.forward(store, new NDList(in), training).singletonOrThrow();
    }

    /** Level k's D: on the image itself at the base, else on the residual added to its condition. */
    private NDArray discriminate(int k, NDArray x, NDArray condition) {
        NDArray in = k == 0 ? x : x.add(condition);
        return discriminators.get(k).forward(store, new NDList(in), true).singletonOrThrow();
    }

    /**
     * The sampling chain for {@code n} samples, in inference mode, noise from {@code random}:
     * the base images, then for each finer level the upsampled image and the image with its
     * generated residual, in {@code into}; the last element is the generated full-size image.
     */
    public NDList chain(NDManager into, int n, SplittableRandom random) {
        return chain(into, n, random, keepsAverage() ? averages : generators);
    }

    /** The chain run by {@code levels}' generators (the trained ones or their averages). */
    private NDList chain(NDManager into, int n, SplittableRandom random, List<Block> levels) {
        NDList out = new NDList();
        NDArray x = generate(levels.get(0), 0, noise(into, 0, n, random), null, false);
        out.add(x);
        for (int k = 1; k < settings.levels; k++) {
            NDArray up = Pyramid.up(x);
            x = up.add(generate(levels.get(k), k, noise(into, k, n, random), up, false));
            out.add(up);
            out.add(x);
        }
        return out;
    }

    /**
     * {@code n} generated images {@code (n, C, S, S)} in [-1, 1] (the chain's last picture,
     * clipped: the sum of a base image and residuals can leave the range), in {@code into}.
     */
    @Override
    public NDArray generate(NDManager into, int n, SplittableRandom random) {
        return generate(into, n, random, keepsAverage() ? averages : generators);
    }

    private NDArray generate(NDManager into, int n, SplittableRandom random, List<Block> levels) {
        try (NDManager scratch = into.newSubManager()) {
            NDList chain = chain(scratch, n, random, levels);
            NDArray images = chain.get(chain.size() - 1).clip(-1, 1);
            images.attach(into);
            return images;
        }
    }

    @Override
    public boolean keepsAverage() {
        return !averages.isEmpty();
    }

    /**
     * A sampler of the trained generators ({@code averaged} false) or of their weight averages
     * (true; the game's own sampling when it keeps them), to score the two side by side.
     */
    @Override
    public ImageSampler sampler(boolean averaged) {
        if (averaged && !keepsAverage()) {
            throw new BadInputException("this LAPGAN keeps no weight average of its generators:"
                    + " build it with optAverage(decay), for example 0.999");
        }
        if (averaged == keepsAverage()) {
            return this;
        }
        return new ImageSampler() {
            @Override
            public NDArray generate(NDManager into, int n, SplittableRandom random) {
                return LapganGame.this.generate(into, n, random, generators);
            }

            @Override
            public String description() {
                return signature() + ", trained G (no weight average)";
            }
        };
    }

    /**
     * The chain of {@link #chain} for the fixed noise of the sample grid, a row per picture of the
     * chain (base, then upsampled and with residual for each finer level), each enlarged to full
     * size.
     */
    @Override
    public NDArray samples(NDManager into) {
        try (NDManager scratch = into.newSubManager()) {
            NDList rows = new NDList();
            for (NDArray picture : chain(
                    scratch,
                    settings.samples,
                    new SplittableRandom(settings.seed ^ 0x5eed5a3b1e5L))) {
                NDArray x = picture;
                while (x.getShape().get(2) < side) {
                    x = Upsample2x.apply(x);
                }
                rows.add(x.clip(-1, 1));
            }
            NDArray out = NDArrays.concat(rows);
            out.attach(into);
            return out;
        }
    }

    /** One row per picture of the chain. */
    @Override
    public int sampleColumns(int images) {
        return settings.samples;
    }

    /**
     * What each row of the sample grid shows, top to bottom, short enough for a caption: {@code
     * 8x8, up 16, +res 16, up 32, +res 32} (the base, then each level's upsampled image and the
     * image with its residual added).
     */
    public List<String> sampleRows() {
        List<String> rows = new ArrayList<>();
        rows.add(baseSide + "x" + baseSide);
        for (int k = 1; k < settings.levels; k++) {
            int s = baseSide << k;
            rows.add("up " + s);
            rows.add("+res " + s);
        }
        return rows;
    }

    /** The signature, and whether the averaged generators draw the images. */
    @Override
    public String description() {
        return signature() + (keepsAverage() ? ", weight-averaged G" : "");
    }

    @Override
    public String signature() {
        return String.format(
                Locale.ROOT,
                "LAPGAN %dx%dx%d, %d levels from %dx%d: base MLP %d hidden, latent %d; levels"
                        + " conv %d filters",
                channels,
                side,
                side,
                settings.levels,
                baseSide,
                baseSide,
                settings.hidden,
                settings.latent,
                settings.filters);
    }

    @Override
    public void requireFits(TrainingData data) {
        Shape expected = new Shape(channels, side, side);
        if (!expected.equals(data.sampleShape())) {
            Shape s = data.sampleShape();
            throw new BadInputException(data.name() + " has samples of " + s.get(0) + "x"
                    + s.get(1) + "x" + s.get(2) + "; this LAPGAN makes " + channels + "x" + side
                    + "x" + side + " images: build it for the data's shape (setImages)");
        }
    }

    /**
     * The settings of a LAPGAN. Defaults: 3 levels of 32x32 colour images (8, 16, 32, the paper's
     * CIFAR-10 pyramid), latent 100, base MLP of 600 hidden units, levels of 64 filters (the
     * paper: 1,200 units and 128 filters), 2,000 steps per level, Adam 2e-4 with betas 0.5 and
     * 0.999, 8 columns of samples.
     */
    public static final class Builder {
        private int channels = 3;
        private int side = 32;
        private int levels = 3;
        private int latent = 100;
        private int hidden = 600;
        private int filters = 64;
        private long stepsPerLevel = 2000;
        private double learningRate = 2e-4;
        private double beta1 = 0.5;
        private double beta2 = 0.999;
        private int samples = 8;
        private long seed = 42;
        private double averageDecay = 0; // no weight average

        private Builder() {}

        /** The images' channels and side (default 3 and 32). */
        public Builder setImages(int channels, int side) {
            this.channels = channels;
            this.side = side;
            return this;
        }

        /** Levels of the pyramid (default 3: 32 from 16 from 8). */
        public Builder optLevels(int levels) {
            this.levels = levels;
            return this;
        }

        /** The base level's latent size and hidden units (default 100 and 600). */
        public Builder optBase(int latent, int hidden) {
            this.latent = latent;
            this.hidden = hidden;
            return this;
        }

        /** Filters of the finer levels' networks (default 64). */
        public Builder optFilters(int filters) {
            this.filters = filters;
            return this;
        }

        /** Steps each level trains before the next one starts (default 2,000). */
        public Builder optStepsPerLevel(long steps) {
            this.stepsPerLevel = steps;
            return this;
        }

        /** Adam's learning rate and betas of every network (default 2e-4, 0.5, 0.999). */
        public Builder optAdam(double learningRate, double beta1, double beta2) {
            this.learningRate = learningRate;
            this.beta1 = beta1;
            this.beta2 = beta2;
            return this;
        }

        /**
         * Keeps a moving average of each level's G with this decay, ramped up at the start of each
         * level ({@link LapganGame#averageDecay}); sampling then uses the averages. Default 0: none.
         */
        public Builder optAverage(double decay) {
            this.averageDecay = decay;
            return this;
        }

        /** Columns of the sample grid (default 8). */
        public Builder optSamples(int samples) {
            this.samples = samples;
            return this;
        }

        /** Seeds the initial weights and the sample grid's noise (default 42; pass the run's seed). */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The game, its networks and optimisers in {@code manager} (closed with it). */
        public LapganGame build(NDManager manager) {
            if (channels < 1
                    || levels < 2
                    || side % (1 << (levels - 1)) != 0
                    || (side >> (levels - 1)) < 2) {
                throw new BadInputException("a LAPGAN of " + levels + " levels on " + channels
                        + "x" + side + "x" + side + " images; expected 2 or more levels and a side"
                        + " divisible by 2^(levels - 1) with a base of at least 2 pixels"
                        + " (32x32 takes 2 to 5 levels; the paper's 3 give 8, 16, 32)");
            }
            if (latent < 1 || hidden < 1 || filters < 1 || samples < 1) {
                throw new BadInputException("a LAPGAN with latent " + latent + ", " + hidden
                        + " hidden units, " + filters + " filters and " + samples + " samples;"
                        + " expected 1 or more of each");
            }
            if (stepsPerLevel < 1) {
                throw new BadInputException(stepsPerLevel + " steps per level; expected 1 or more");
            }
            Adam.requireSettings(learningRate, beta1, beta2);
            if (!(averageDecay >= 0 && averageDecay < 1)) {
                throw new BadInputException("a LAPGAN weight average decay of " + averageDecay
                        + "; expected 0 (none) or a value in (0, 1), for example 0.999");
            }
            Builder copy = new Builder();
            copy.channels = channels;
            copy.side = side;
            copy.levels = levels;
            copy.latent = latent;
            copy.hidden = hidden;
            copy.filters = filters;
            copy.stepsPerLevel = stepsPerLevel;
            copy.learningRate = learningRate;
            copy.beta1 = beta1;
            copy.beta2 = beta2;
            copy.samples = samples;
            copy.seed = seed;
            copy.averageDecay = averageDecay;
            return new LapganGame(copy, manager);
        }
    }
}
