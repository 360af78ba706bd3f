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
import io.gankit.data.TrainingData;
import io.gankit.engine.Engines;
import io.gankit.engine.Scalars;
import io.gankit.loss.GanLoss;
import io.gankit.loss.Losses;
import io.gankit.loss.R1Penalty;
import io.gankit.nn.Gan;
import io.gankit.nn.ImageSampler;
import io.gankit.nn.StyleGan;
import io.gankit.nn.WeightAverage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A StyleGAN (Karras et al. 2019; StyleGAN2's modulated convolutions, 2020) as a game, at teaching
 * size ({@link StyleGan}'s networks). One step:
 *
 * <ol>
 *   <li>styles: two latents per sample through the mapping network; with probability {@code
 *       mixing} (0.9) a sample takes the first style before a random layer and the second after it
 *       (style mixing: no layer can count on its neighbours sharing its style), else the first
 *       everywhere; one noise plane per convolution;
 *   <li>D learns the real from the generated (the non-saturating logistic loss), and every {@code
 *       r1Every}-th step (16) also the lazy R1 penalty on the real batch, weighted by that interval
 *       ({@link R1Penalty}); D's Adam has StyleGAN2's lazy-regularisation correction (learning rate
 *       and betas to the power {@code 16 / 17});
 *   <li>G (mapping and synthesis) learns through the frozen D;
 *   <li>the weight average of G follows with StyleGAN2's half-life: 10,000 images, ramped up as
 *       5% of the images seen so far ({@link #averageDecay}).
 * </ol>
 *
 * <p>Sampling ({@link #generate}, the sample grid, FID and IS) uses the averaged G (the raw G when
 * the average is off), at truncation {@code psi} (1 by default: no truncation). The mean style of
 * truncation is that of 4,096 latents of a fixed seed, computed when needed, so it is no state.
 */
public final class StyleGanGame implements Game, ImageSampler, WeightAveraged {
    /**
     * The measures of a step: {@code d_loss}, {@code g_loss}; {@code d_real}, {@code d_fake}: D's
     * mean probability that the real and the generated batch are real; {@code r1}: the last measured
     * {@code E||grad_x D(x)||^2} on a real batch (measured every {@code r1Every} steps, carried
     * between them; 0 before the first).
     */
    public static final List<String> MEASURES =
            List.of("d_loss", "g_loss", "d_real", "d_fake", "r1");

    /** Latents whose mean style is truncation's centre. */
    static final int MEAN_STYLE_SAMPLES = 4096;

    private final Builder settings;
    private final Block mapping;
    private final StyleGan.Synthesis synthesis;
    private final Block discriminator;
    private final Block mappingAverage;
    private final StyleGan.Synthesis synthesisAverage;
    private final Adam adamMapping;
    private final Adam adamSynthesis;
    private final Adam adamD;
    private final ParameterStore store;
    private final GanLoss loss = Losses.nonSaturating();
    private final R1Penalty r1;
    private double lastR1;

    private StyleGanGame(Builder b, NDManager manager) {
        Engines.ensure(); // checked before any network trains, whoever builds it
        this.settings = b;
        SplittableRandom random = new SplittableRandom(b.seed);
        mapping = StyleGan.mapping(b.latent, b.styleSize, b.mappingLayers);
        synthesis = new StyleGan.Synthesis(b.channels, b.side, b.styleSize, b.width);
        discriminator = StyleGan.discriminator(b.channels, b.side, b.width);
        mapping.initialize(manager, DataType.FLOAT32, new Shape(2, b.latent));
        synthesis.initialize(manager, DataType.FLOAT32, synthesis.inputShapes(2));
        discriminator.initialize(
                manager, DataType.FLOAT32, new Shape(2, b.channels, b.side, b.side));
        // weights drawn in Java, so a seed gives the same networks
        StyleGan.draw(mapping, random.split());
        StyleGan.draw(synthesis, random.split());
        StyleGan.draw(discriminator, random.split());
        if (b.averageImages > 0) {
            mappingAverage = StyleGan.mapping(b.latent, b.styleSize, b.mappingLayers);
            synthesisAverage = new StyleGan.Synthesis(b.channels, b.side, b.styleSize, b.width);
            mappingAverage.initialize(manager, DataType.FLOAT32, new Shape(2, b.latent));
            synthesisAverage.initialize(manager, DataType.FLOAT32, synthesisAverage.inputShapes(2));
            mappingAverage.freezeParameters(true); // never trained: it follows G
            synthesisAverage.freezeParameters(true);
            WeightAverage.copy(mapping, mappingAverage);
            WeightAverage.copy(synthesis, synthesisAverage);
        } else {
            mappingAverage = null;
            synthesisAverage = null;
        }
        adamMapping = new Adam(mapping, manager, b.learningRate, b.beta1, b.beta2);
        adamSynthesis = new Adam(synthesis, manager, b.learningRate, b.beta1, b.beta2);
        // lazy regularisation: D's updates come 17 to every 16 of its loss's
        double c = b.r1Gamma > 0 ? (double) b.r1Every / (b.r1Every + 1) : 1;
        adamD = new Adam(
                discriminator,
                manager,
                b.learningRate * c,
                Math.pow(b.beta1, c),
                Math.pow(b.beta2, c));
        r1 = b.r1Gamma > 0 ? new R1Penalty(b.r1Gamma) : null;
        store = new ParameterStore(manager, false);
    }

    /** A builder with the defaults of a StyleGAN of 32x32 colour images. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Map<String, Block> networks() {
        Map<String, Block> m = new LinkedHashMap<>();
        m.put("mapping", mapping);
        m.put("synthesis", synthesis);
        m.put("discriminator", discriminator);
        if (mappingAverage != null) {
            m.put("mapping-ema", mappingAverage);
            m.put("synthesis-ema", synthesisAverage);
        }
        return m;
    }

    @Override
    public Map<String, Adam> optimizers() {
        Map<String, Adam> m = new LinkedHashMap<>();
        m.put("mapping", adamMapping);
        m.put("synthesis", adamSynthesis);
        m.put("discriminator", adamD);
        return m;
    }

    /** The last measured R1 norm, so that a resumed run's history continues exactly. */
    @Override
    public Map<String, SavedState> savedState() {
        return Map.of("r1", new SavedState() {
            @Override
            public byte[] encode() {
                return ByteBuffer.allocate(Double.BYTES).putDouble(lastR1).array();
            }

            @Override
            public void restore(byte[] encoded) throws IOException {
                if (encoded.length != Double.BYTES) {
                    throw new IOException(
                            encoded.length + " bytes of R1 state; expected " + Double.BYTES);
                }
                lastR1 = ByteBuffer.wrap(encoded).getDouble();
            }
        });
    }

    @Override
    public List<String> measures() {
        return MEASURES;
    }

    /**
     * The weight average's decay after step {@code number} of batches of {@code batch}: {@code
     * 0.5^(batch / h)} with the half-life {@code h} the smaller of {@code averageImages} and 5% of
     * the images seen (StyleGAN2's ramp-up: early on the average follows G closely).
     */
    public double averageDecay(long number, int batch) {
        double halfLife = Math.min(settings.averageImages, 0.05 * number * batch);
        return Math.pow(0.5, batch / Math.max(halfLife, 1e-8));
    }

    @Override
    public double[] step(StepContext step) {
        SplittableRandom random = step.random();
        NDManager scope = step.scope();
        NDArray real = step.images(0);
        int n = Math.toIntExact(real.getShape().get(0));
        NDArray z1 = Gan.normal(scope, new Shape(n, settings.latent), random);
        NDArray z2 = Gan.normal(scope, new Shape(n, settings.latent), random);
        int layers = synthesis.styles();
        int[] cuts = new int[n];
        for (int i = 0; i < n; i++) {
            cuts[i] =
                    random.nextDouble() < settings.mixing ? 1 + random.nextInt(layers - 1) : layers;
        }
        NDList noise = noise(scope, n, random);
        boolean regularise = r1 != null && step.number() % settings.r1Every == 0;
        // 1. D learns the real from the generated; G's forward pass runs in this collector so
        // that its graph survives for G's update (as in GanGame)
        NDArray fake;
        float[] d;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray ws = StyleGan.mix(
                    styles(mapping, z1, true), styles(mapping, z2, true), cuts, layers);
            fake = synthesise(synthesis, ws, noise, true);
            NDArray x = real;
            if (regularise) {
                x = real.duplicate();
                x.setRequiresGradient(true);
            }
            NDArray realLogits = discriminate(x);
            NDArray fakeLogits = discriminate(fake.stopGradient());
            NDArray lossD = loss.discriminatorLoss(realLogits, fakeLogits);
            NDArray total = lossD;
            NDArray norm = null;
            if (regularise) {
                norm = R1Penalty.squaredGradientNorm(realLogits, x);
                total = lossD.add(Scalars.times(norm, r1.gamma() / 2 * settings.r1Every));
            }
            collector.backward(total);
            d = NDArrays.stack(new NDList(
                            lossD,
                            Activation.sigmoid(realLogits.stopGradient()).mean(),
                            Activation.sigmoid(fakeLogits.stopGradient()).mean(),
                            norm == null ? lossD.zerosLike() : norm.stopGradient()))
                    .toFloatArray();
            DivergenceException.requireFinite(step.number(), "discriminator loss", d[0]);
            if (regularise) {
                DivergenceException.requireFinite(step.number(), "R1 penalty", d[3]);
                lastR1 = d[3];
            }
        }
        adamD.step();
        // 2. G learns through the frozen D
        float lossG;
        adamD.freeze(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray l = loss.generatorLoss(discriminate(fake));
            collector.backward(l);
            lossG = l.getFloat();
            DivergenceException.requireFinite(step.number(), "generator loss", lossG);
        } finally {
            adamD.freeze(false);
        }
        adamMapping.step();
        adamSynthesis.step();
        // 3. the weight average follows
        if (mappingAverage != null) {
            float decay = (float) averageDecay(step.number(), n);
            WeightAverage.update(mappingAverage, mapping, decay);
            WeightAverage.update(synthesisAverage, synthesis, decay);
        }
        return new double[] {d[0], lossG, d[1], d[2], lastR1};
    }

    /** One noise plane per convolution of the synthesis network, for {@code n} samples. */
    private NDList noise(NDManager into, int n, SplittableRandom random) {
        NDList planes = new NDList();
        for (int i = 0; i < StyleGan.noiseCount(settings.side); i++) {
            int s = StyleGan.noiseSide(i);
            planes.add(Gan.normal(into, new Shape(n, 1, s, s), random));
        }
        return planes;
    }

    private NDArray styles(Block network, NDArray z, boolean training) {
        return network.forward(store, new NDList(z), training).singletonOrThrow();
    }

    private NDArray synthesise(
            StyleGan.Synthesis network, NDArray ws, NDList noise, boolean training) {
        NDList in = new NDList(ws);
        in.addAll(noise);
        return network.forward(store, in, training).singletonOrThrow();
    }

    private NDArray discriminate(NDArray x) {
        return discriminator.forward(store, new NDList(x), true).singletonOrThrow();
    }

    private Block samplingMapping() {
        return mappingAverage != null ? mappingAverage : mapping;
    }

    private StyleGan.Synthesis samplingSynthesis() {
        return synthesisAverage != null ? synthesisAverage : synthesis;
    }

    /**
     * A sampler of the trained G itself ({@code averaged} false) or of its weight average (true; the
     * game's own sampling), to score the two side by side.
     */
    @Override
    public ImageSampler sampler(boolean averaged) {
        if (averaged && mappingAverage == null) {
            throw new BadInputException("this StyleGAN keeps no weight average of G (half-life 0)");
        }
        if (averaged == keepsAverage()) {
            return this;
        }
        return new ImageSampler() {
            @Override
            public NDArray generate(NDManager into, int n, SplittableRandom random) {
                return StyleGanGame.this.generate(into, n, random, mapping, synthesis);
            }

            @Override
            public String description() {
                return signature() + ", trained G (no weight average)";
            }
        };
    }

    /** Whether the game keeps a weight average of G, which its own sampling then uses. */
    @Override
    public boolean keepsAverage() {
        return mappingAverage != null;
    }

    /** Styles that one image reads, one per layer ({@code 8} at 32x32). */
    public int styleLayers() {
        return synthesis.styles();
    }

    /**
     * The styles {@code w (N, S)} of latents {@code z (N, latent)} by the sampling mapping network
     * (the averaged one when kept), inference mode, in {@code z}'s manager.
     */
    public NDArray style(NDArray z) {
        return styles(samplingMapping(), z, false);
    }

    /** Latents {@code (n, latent)} drawn from {@code random}, in {@code into}. */
    public NDArray latents(NDManager into, int n, SplittableRandom random) {
        return Gan.normal(into, new Shape(n, settings.latent), random);
    }

    /**
     * Truncation's centre: the mean style {@code (1, S)} of {@value #MEAN_STYLE_SAMPLES} latents of
     * a fixed seed, by the sampling mapping network, in {@code into}.
     */
    public NDArray meanStyle(NDManager into) {
        try (NDManager scratch = into.newSubManager()) {
            NDArray z = latents(scratch, MEAN_STYLE_SAMPLES, new SplittableRandom(0x3ea5L));
            NDArray mean = style(z).mean(new int[] {0}, true);
            mean.attach(into);
            return mean;
        }
    }

    /**
     * Images {@code (N, C, S, S)} in [-1, 1] from per-layer styles {@code ws (N, L, S)}, noise from
     * {@code random}, by the sampling synthesis network, in {@code ws}' manager.
     */
    public NDArray synthesise(NDArray ws, SplittableRandom random) {
        int n = Math.toIntExact(ws.getShape().get(0));
        NDList noise = noise(ws.getManager(), n, random);
        return synthesise(samplingSynthesis(), ws, noise, false).clip(-1, 1);
    }

    /** Images from styles {@code w (N, S)} used at every layer, truncated to {@code psi}. */
    public NDArray imagesOfStyles(NDArray w, double psi, SplittableRandom noise) {
        NDArray t = psi == 1 ? w : StyleGan.truncate(w, meanStyle(w.getManager()), psi);
        return synthesise(StyleGan.broadcast(t, styleLayers()), noise);
    }

    /**
     * {@code n} images at the game's truncation {@code psi} (1 unless set), noise from {@code
     * random}, by the averaged G when kept.
     */
    @Override
    public NDArray generate(NDManager into, int n, SplittableRandom random) {
        return generate(into, n, random, samplingMapping(), samplingSynthesis());
    }

    private NDArray generate(
            NDManager into,
            int n,
            SplittableRandom random,
            Block mappingNetwork,
            StyleGan.Synthesis synthesisNetwork) {
        try (NDManager scratch = into.newSubManager()) {
            NDArray w = styles(mappingNetwork, latents(scratch, n, random), false);
            if (settings.psi != 1) {
                NDArray z = latents(scratch, MEAN_STYLE_SAMPLES, new SplittableRandom(0x3ea5L));
                NDArray mean = styles(mappingNetwork, z, false).mean(new int[] {0}, true);
                w = StyleGan.truncate(w, mean, settings.psi);
            }
            NDList noise = noise(scratch, n, random);
            NDArray images = synthesise(
                            synthesisNetwork, StyleGan.broadcast(w, styleLayers()), noise, false)
                    .clip(-1, 1);
            images.attach(into);
            return images;
        }
    }

    /**
     * The style-mixing grid (StyleGAN's figure 3): {@code rows} images down the first column and
     * {@code columns} along the first row, each from its own latent; cell (r, c) takes the styles of
     * layers before {@code cut} (coarse: pose, layout) from row r's latent and the rest (fine:
     * colour, texture) from column c's. The top-left corner is black. {@code (rows + 1) (columns +
     * 1)} images in row order, the same noise for every image, in {@code into}.
     */
    public NDArray mixingGrid(NDManager into, int rows, int columns, int cut, long seed) {
        int layers = styleLayers();
        if (rows < 1 || columns < 1 || cut < 1 || cut >= layers) {
            throw new BadInputException("a style-mixing grid of " + rows + " x " + columns
                    + " cut at layer " + cut + "; expected 1 or more rows and columns and a cut in"
                    + " 1.." + (layers - 1) + " (" + layers + " style layers)");
        }
        try (NDManager scratch = into.newSubManager()) {
            SplittableRandom random = new SplittableRandom(seed);
            NDArray rowStyles = style(latents(scratch, rows, random));
            NDArray columnStyles = style(latents(scratch, columns, random));
            int cells = (rows + 1) * (columns + 1) - 1;
            long[] first = new long[cells];
            long[] second = new long[cells];
            int[] cuts = new int[cells];
            int k = 0;
            for (int r = 0; r <= rows; r++) {
                for (int c = 0; c <= columns; c++) {
                    if (r == 0 && c == 0) {
                        continue;
                    }
                    // the first row: the columns' own images; the first column: the rows'
                    first[k] = r == 0 ? rows + c - 1 : r - 1;
                    second[k] = c == 0 ? r - 1 : rows + c - 1;
                    cuts[k] = r == 0 || c == 0 ? layers : cut;
                    k++;
                }
            }
            NDArray all = rowStyles.concat(columnStyles, 0);
            NDArray ws = StyleGan.mix(
                    all.get(scratch.create(first)), all.get(scratch.create(second)), cuts, layers);
            NDArray images = synthesiseSharingNoise(ws, seed);
            NDArray corner = images.get("0:1").onesLike().neg();
            NDArray grid = corner.concat(images, 0);
            grid.attach(into);
            return grid;
        }
    }

    /** The truncation values of {@link #endPictures}' sweep, its columns left to right. */
    private static final double[] SWEEP_PSIS = {0, 0.25, 0.5, 0.75, 1};

    /**
     * What a run folder shows of a trained StyleGAN: {@code style-mixing} (5 rows by 6 columns,
     * the coarse half of the layers' styles from the rows), {@code truncation} (6 latents, psi
     * {@link #SWEEP_PSIS} left to right) and {@code interpolation} (4 pairs in 8 steps), the
     * notebook's seeds.
     */
    @Override
    public Map<String, Grid> endPictures(NDManager into) {
        Map<String, Grid> pictures = new LinkedHashMap<>();
        pictures.put("style-mixing", new Grid(mixingGrid(into, 5, 6, styleLayers() / 2, 7), 7));
        pictures.put(
                "truncation",
                new Grid(truncationSweep(into, 6, SWEEP_PSIS, 11), SWEEP_PSIS.length));
        pictures.put("interpolation", new Grid(interpolation(into, 4, 8, 13), 8));
        return pictures;
    }

    /**
     * The truncation sweep: for each of {@code samples} latents (rows), its image at each {@code
     * psi} (columns), the same noise throughout; at psi 0 every row is the mean style's image.
     */
    public NDArray truncationSweep(NDManager into, int samples, double[] psis, long seed) {
        try (NDManager scratch = into.newSubManager()) {
            NDArray w = style(latents(scratch, samples, new SplittableRandom(seed)));
            NDArray mean = meanStyle(scratch);
            NDList rows = new NDList();
            for (int i = 0; i < samples; i++) {
                NDList row = new NDList();
                for (double psi : psis) {
                    row.add(StyleGan.truncate(w.get(i + ":" + (i + 1)), mean, psi));
                }
                rows.add(NDArrays.concat(row));
            }
            NDArray ws = StyleGan.broadcast(NDArrays.concat(rows), styleLayers());
            NDArray images = synthesiseSharingNoise(ws, seed);
            images.attach(into);
            return images;
        }
    }

    /**
     * Latent interpolation: for each of {@code pairs} pairs of latents, {@code steps} images along
     * the straight line between their styles (in w, where StyleGAN's paths are smooth), one row a
     * pair, the same noise throughout.
     */
    public NDArray interpolation(NDManager into, int pairs, int steps, long seed) {
        if (pairs < 1 || steps < 2) {
            throw new BadInputException("an interpolation of " + pairs + " pairs in " + steps
                    + " steps; expected 1 or more pairs and 2 or more steps");
        }
        try (NDManager scratch = into.newSubManager()) {
            SplittableRandom random = new SplittableRandom(seed);
            NDArray from = style(latents(scratch, pairs, random));
            NDArray to = style(latents(scratch, pairs, random));
            NDList rows = new NDList();
            for (int i = 0; i < pairs; i++) {
                NDArray a = from.get(i + ":" + (i + 1));
                NDArray b = to.get(i + ":" + (i + 1));
                for (int s = 0; s < steps; s++) {
                    double t = (double) s / (steps - 1);
                    rows.add(a.add(Scalars.times(b.sub(a), t)));
                }
            }
            NDArray ws = StyleGan.broadcast(NDArrays.concat(rows), styleLayers());
            NDArray images = synthesiseSharingNoise(ws, seed);
            images.attach(into);
            return images;
        }
    }

    /**
     * Images in [-1, 1] from per-layer styles {@code ws (N, L, S)} with one noise draw of {@code
     * seed} shared by every image, so that only the styles differ between them (the pictures of
     * mixing, truncation and interpolation), in {@code ws}' manager.
     */
    public NDArray synthesiseSharingNoise(NDArray ws, long seed) {
        int n = Math.toIntExact(ws.getShape().get(0));
        NDList planes = noise(ws.getManager(), 1, new SplittableRandom(seed ^ 0x401ce5L));
        NDList shared = new NDList();
        for (NDArray p : planes) {
            shared.add(p.repeat(0, n));
        }
        return synthesise(samplingSynthesis(), ws, shared, false).clip(-1, 1);
    }

    /** The sample grid: {@code samples} images of fixed latents and noise, as {@link #generate} draws them. */
    @Override
    public NDArray samples(NDManager into) {
        return generate(
                into, settings.samples, new SplittableRandom(settings.seed ^ 0x5eed5a3b1e5L));
    }

    @Override
    public String description() {
        return signature()
                + (keepsAverage() ? ", weight-averaged G" : "")
                + (settings.psi == 1
                        ? ""
                        : String.format(Locale.ROOT, ", truncation %.2f", settings.psi));
    }

    @Override
    public String signature() {
        return String.format(
                Locale.ROOT,
                "StyleGAN %dx%dx%d: latent %d, style %d, mapping %d layers, width %d, %d styles",
                settings.channels,
                settings.side,
                settings.side,
                settings.latent,
                settings.styleSize,
                settings.mappingLayers,
                settings.width,
                synthesis.styles());
    }

    @Override
    public void requireFits(TrainingData data) {
        Shape expected = new Shape(settings.channels, settings.side, settings.side);
        if (!expected.equals(data.sampleShape())) {
            Shape s = data.sampleShape();
            throw new BadInputException(data.name() + " has samples of " + s.get(0) + "x" + s.get(1)
                    + "x" + s.get(2) + "; this StyleGAN makes " + settings.channels + "x"
                    + settings.side + "x" + settings.side
                    + " images: build it for the data's shape (setImages)");
        }
    }

    /**
     * The settings of a StyleGAN. Defaults: 32x32 colour images, latent and style 128, a mapping
     * network of 4 layers (StyleGAN: 8; StyleGAN2-ADA's CIFAR-10 model: 2), width 128, Adam 0.002
     * with betas 0 and 0.99 (StyleGAN2's, with equalised learning rates), style mixing 0.9, R1
     * weight 0.01 every 16 steps (StyleGAN2-ADA's CIFAR-10), a weight average of G with a half-life
     * of 10,000 images, no truncation when sampling, 64 samples in the grid.
     */
    public static final class Builder {
        private int channels = 3;
        private int side = 32;
        private int latent = 128;
        private int styleSize = 128;
        private int mappingLayers = 4;
        private int width = 128;
        private double learningRate = 0.002;
        private double beta1 = 0;
        private double beta2 = 0.99;
        private double mixing = 0.9;
        private double r1Gamma = R1Penalty.CIFAR_GAMMA;
        private int r1Every = 16;
        private double averageImages = 10_000;
        private double psi = 1;
        private int samples = 64;
        private long seed = 42;

        private Builder() {}

        /** The images' channels and side (default 3 and 32; the side a power of two, 8 or more). */
        public Builder setImages(int channels, int side) {
            this.channels = channels;
            this.side = side;
            return this;
        }

        /** Latent and style sizes and the mapping network's layers (default 128, 128, 4). */
        public Builder optMapping(int latent, int styleSize, int layers) {
            this.latent = latent;
            this.styleSize = styleSize;
            this.mappingLayers = layers;
            return this;
        }

        /** Channels of the 4x4 and 8x8 layers, halved at each doubling after (default 128). */
        public Builder optWidth(int width) {
            this.width = width;
            return this;
        }

        /** Adam's learning rate and betas of every network (default 0.002, 0, 0.99). */
        public Builder optAdam(double learningRate, double beta1, double beta2) {
            this.learningRate = learningRate;
            this.beta1 = beta1;
            this.beta2 = beta2;
            return this;
        }

        /** The share of training samples whose styles are mixed (default 0.9; 0 turns mixing off). */
        public Builder optMixing(double probability) {
            this.mixing = probability;
            return this;
        }

        /** R1's weight and interval in steps (default 0.01 every 16; weight 0 turns it off). */
        public Builder optR1(double gamma, int every) {
            this.r1Gamma = gamma;
            this.r1Every = every;
            return this;
        }

        /** The weight average's half-life in images (default 10,000; 0 keeps no average). */
        public Builder optAverage(double halfLifeImages) {
            this.averageImages = halfLifeImages;
            return this;
        }

        /** Truncation when sampling (default 1: none). */
        public Builder optTruncation(double psi) {
            this.psi = psi;
            return this;
        }

        /** Images in the sample grid (default 64). */
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
        public StyleGanGame build(NDManager manager) {
            StyleGan.styleCount(side); // refuses a side that is no power of two of 8 or more
            if (channels < 1
                    || latent < 1
                    || styleSize < 1
                    || mappingLayers < 1
                    || width < 8
                    || samples < 1) {
                throw new BadInputException("a StyleGAN of " + channels + " channels, latent "
                        + latent + ", style " + styleSize + ", " + mappingLayers
                        + " mapping layers, width " + width + " and " + samples + " samples;"
                        + " expected 1 or more of each and a width of 8 or more");
            }
            if (!(mixing >= 0 && mixing <= 1)
                    || !(r1Gamma >= 0)
                    || r1Every < 1
                    || !(averageImages >= 0)
                    || !(psi >= 0 && psi <= 1)) {
                throw new BadInputException("StyleGAN settings: mixing " + mixing + ", R1 "
                        + r1Gamma + " every " + r1Every + " steps, average half-life "
                        + averageImages + " images, truncation " + psi + "; expected mixing and"
                        + " truncation in [0, 1], R1 weight and half-life 0 or more, interval 1 or"
                        + " more");
            }
            Adam.requireSettings(learningRate, beta1, beta2);
            Builder copy = new Builder();
            copy.channels = channels;
            copy.side = side;
            copy.latent = latent;
            copy.styleSize = styleSize;
            copy.mappingLayers = mappingLayers;
            copy.width = width;
            copy.learningRate = learningRate;
            copy.beta1 = beta1;
            copy.beta2 = beta2;
            copy.mixing = mixing;
            copy.r1Gamma = r1Gamma;
            copy.r1Every = r1Every;
            copy.averageImages = averageImages;
            copy.psi = psi;
            copy.samples = samples;
            copy.seed = seed;
            return new StyleGanGame(copy, manager);
        }
    }
}
