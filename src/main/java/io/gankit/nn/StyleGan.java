package io.gankit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;

import io.gankit.BadInputException;
import io.gankit.data.Pyramid;
import io.gankit.engine.Scalars;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The networks of a StyleGAN (Karras et al. 2019) with StyleGAN2's modulated convolutions (2020),
 * at teaching size: 32x32 images from a 4x4 start.
 *
 * <ul>
 *   <li>The <b>mapping network</b> turns a latent {@code z} into a style vector {@code w}: {@code z}
 *       normalised to unit mean square, then fully connected layers with an equalised learning rate
 *       slowed 100 times ({@link EqualLinear}, multiplier 0.01) and LeakyReLU(0.2).
 *   <li>The <b>synthesis network</b> starts from a learned constant {@code 4x4} block and doubles it
 *       up to full size (bilinear, {@link Pyramid#up}). Each layer is a {@link ModulatedConv} whose
 *       style is an affine map of one {@code w} (so each layer can take a different {@code w}:
 *       style mixing), plus per-pixel {@link NoiseInjection}, a bias and LeakyReLU(0.2). Each
 *       resolution adds its own 1x1 toRGB image to the upsampled image of the one before (StyleGAN2's
 *       skip generator). Layer {@code i} reads {@code ws[:, i]}: the 4x4 convolution 0, then each
 *       resolution's two convolutions; a toRGB shares the index of the next resolution's first
 *       convolution, {@code 2 log2(side) - 2} styles in all (8 at 32x32).
 *   <li>The <b>discriminator</b> mirrors the widths with equalised layers ({@link EqualConv},
 *       {@link EqualLinear}) and the same activation: a 1x1 fromRGB, a 3x3 convolution and a 2x2
 *       mean down ({@link Pyramid#down}) per resolution, then at 4x4 the {@link MinibatchStd}
 *       feature, a 3x3 convolution and two linear layers.
 * </ul>
 *
 * <p>Differences from the papers, on purpose: the generator's upsampling is bilinear before the
 * convolution rather than a transposed convolution with a blur; the discriminator has no residual
 * connections; widths are 128 / 128 / 64 / 32 channels at 4 / 8 / 16 / 32
 * (StyleGAN2's CIFAR-10 model: 512 at every resolution).
 */
public final class StyleGan {
    /** The slope of every LeakyReLU, and the gain that keeps its output's variance. */
    private static final float SLOPE = 0.2f;

    private static final double GAIN = Math.sqrt(2);

    private StyleGan() {}

    /** Styles a synthesis network of images {@code side x side} reads: {@code 2 log2(side) - 2}. */
    public static int styleCount(int side) {
        return 2 * log2(side) - 2;
    }

    /** Noise planes it reads: one per convolution, {@code 2 log2(side) - 3}. */
    public static int noiseCount(int side) {
        return 2 * log2(side) - 3;
    }

    /** The side of noise plane {@code i}: 4, then two of each doubled side. */
    public static int noiseSide(int i) {
        return 4 << ((i + 1) / 2);
    }

    /** Channels at a resolution: 128 up to 8x8, then halved at each doubling (64 at 16, 32 at 32). */
    public static int channelsAt(int side, int width) {
        return side <= 8 ? width : Math.max(8, width * 8 / side);
    }

    private static int log2(int side) {
        if (side < 8 || Integer.bitCount(side) != 1) {
            throw new BadInputException("a StyleGAN of " + side + "x" + side
                    + " images; expected a power of two of 8 or more (32 for CIFAR-10)");
        }
        return Integer.numberOfTrailingZeros(side);
    }

    /** LeakyReLU(0.2) times sqrt(2), StyleGAN's activation. */
    static NDArray activate(NDArray x) {
        return Scalars.times(Activation.leakyRelu(x, SLOPE), GAIN);
    }

    /**
     * The mapping network of {@code layers} layers from a latent of {@code latent} to a style of
     * {@code styleSize} values. Draw its weights with {@link #draw}.
     */
    public static Block mapping(int latent, int styleSize, int layers) {
        if (layers < 1) {
            throw new BadInputException(
                    "a mapping network of " + layers + " layers; expected 1 or more");
        }
        SequentialBlock b = new SequentialBlock()
                .add(new LambdaBlock(
                        x -> new NDList(normalise(x.singletonOrThrow())), "normalise"));
        for (int i = 0; i < layers; i++) {
            b.add(new EqualLinear(i == 0 ? latent : styleSize, styleSize, 0.01f, 0f));
            b.add(activation());
        }
        return b;
    }

    /** Each row divided by its root mean square (StyleGAN's input normalisation of {@code z}). */
    static NDArray normalise(NDArray z) {
        return z.div(z.square().mean(new int[] {1}, true).add(1e-8f).sqrt());
    }

    /**
     * {@code wAverage + psi (w - wAverage)}: the truncation trick (StyleGAN; Brock et al.'s idea in
     * w space). {@code psi = 1} leaves {@code w}, {@code psi = 0} gives the average style for every
     * sample; in between trades variety for typical, cleaner images.
     */
    public static NDArray truncate(NDArray w, NDArray wAverage, double psi) {
        return wAverage.add(Scalars.times(w.sub(wAverage), psi));
    }

    /**
     * The styles of every layer {@code (N, L, S)} from two style batches {@code (N, S)}: sample
     * {@code n} takes {@code first} at layers before {@code cuts[n]} and {@code second} from there
     * (a cut of {@code L} or more: {@code first} everywhere). Style mixing in training, and the
     * coarse / fine grid at sampling.
     */
    public static NDArray mix(NDArray first, NDArray second, int[] cuts, int layers) {
        long n = first.getShape().get(0);
        if (cuts.length != n || !second.getShape().equals(first.getShape())) {
            throw new BadInputException("style mixing of " + first.getShape() + " and "
                    + second.getShape() + " with " + cuts.length
                    + " cuts; expected equal shapes and a cut per sample");
        }
        float[] mask = new float[Math.toIntExact(n * layers)];
        for (int i = 0; i < n; i++) {
            for (int l = 0; l < Math.min(cuts[i], layers); l++) {
                mask[i * layers + l] = 1;
            }
        }
        NDArray m = first.getManager().create(mask, new Shape(n, layers, 1));
        NDArray a = first.expandDims(1);
        NDArray b = second.expandDims(1);
        return b.add(a.sub(b).mul(m));
    }

    /** {@code w} repeated for every layer: {@code (N, S)} to {@code (N, L, S)}. */
    public static NDArray broadcast(NDArray w, int layers) {
        Shape s = w.getShape();
        return w.expandDims(1).broadcast(new Shape(s.get(0), layers, s.get(1)));
    }

    /**
     * Draws the weights of a StyleGAN network built here ({@link #mapping}, {@link Synthesis},
     * {@link #discriminator}): standard normals for the equalised layers and the constant, the
     * affines' biases at 1, noise scales and other biases at 0.
     */
    public static void draw(Block block, SplittableRandom random) {
        for (Block child : block.getChildren().values()) {
            draw(child, random);
        }
        if (block instanceof EqualLinear e) {
            e.draw(random);
        } else if (block instanceof ModulatedConv c) {
            c.draw(random);
        } else if (block instanceof EqualConv c) {
            c.draw(random);
        } else if (block instanceof Synthesis s) {
            s.drawConstant(random);
        }
    }

    /**
     * The discriminator for {@code channels x side x side} images at the synthesis network's
     * widths (mirrored): a logit per image.
     */
    public static Block discriminator(int channels, int side, int width) {
        log2(side);
        SequentialBlock d = new SequentialBlock()
                .add(new EqualConv(channels, channelsAt(side, width), 1))
                .add(activation());
        for (int s = side; s > 4; s /= 2) {
            d.add(new EqualConv(channelsAt(s, width), channelsAt(s / 2, width), 3))
                    .add(activation())
                    .add(new LambdaBlock(
                            x -> new NDList(Pyramid.down(x.singletonOrThrow())), "down"));
        }
        return d.add(new MinibatchStd())
                .add(new EqualConv(width + 1, width, 3))
                .add(activation())
                .add(Blocks.batchFlattenBlock())
                .add(new EqualLinear(width * 16, width, 1f, 0f))
                .add(activation())
                .add(new EqualLinear(width, 1, 1f, 0f));
    }

    private static Block activation() {
        return new LambdaBlock(x -> new NDList(activate(x.singletonOrThrow())), "activate");
    }

    /**
     * One styled layer: an affine map of {@code w} to the convolution's style, the modulated
     * convolution, then (a synthesis convolution) noise, bias and the activation, or (a toRGB)
     * the bias only. Inputs {@code (x, w)} or {@code (x, w, noise)}.
     */
    static final class StyledLayer extends AbstractBlock {
        private static final byte VERSION = 1;

        private final EqualLinear affine;
        private final ModulatedConv conv;
        private final NoiseInjection noise;
        private final Parameter bias;
        private final int out;

        StyledLayer(int styleSize, int in, int out, boolean toRgb) {
            super(VERSION);
            this.out = out;
            affine = addChildBlock("affine", new EqualLinear(styleSize, in, 1f, 1f));
            conv = addChildBlock("conv", new ModulatedConv(in, out, toRgb ? 1 : 3, !toRgb));
            noise = toRgb ? null : addChildBlock("noise", new NoiseInjection(out));
            bias = addParameter(Parameter.builder()
                    .setName("bias")
                    .setType(Parameter.Type.BIAS)
                    .optShape(new Shape(out))
                    .optInitializer(new ConstantInitializer(0))
                    .build());
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore store,
                NDList inputs,
                boolean training,
                PairList<String, Object> params) {
            NDArray x = inputs.get(0);
            NDArray styles =
                    affine.forward(store, new NDList(inputs.get(1)), training).singletonOrThrow();
            NDArray y = conv.forward(store, new NDList(x, styles), training).singletonOrThrow();
            if (noise != null) {
                y = noise.forward(store, new NDList(y, inputs.get(2)), training).singletonOrThrow();
            }
            NDArray b = Layers.inScopeOf(
                    x, store.getValue(bias, x.getDevice(), training).reshape(1, out, 1, 1));
            y = y.add(b);
            return new NDList(noise == null ? y : activate(y));
        }

        @Override
        protected void initializeChildBlocks(
                NDManager manager, DataType dataType, Shape... inputShapes) {
            affine.initialize(manager, dataType, inputShapes[1]);
            Shape x = inputShapes[0];
            conv.initialize(manager, dataType, x, new Shape(x.get(0), conv.inChannels()));
            if (noise != null) {
                Shape y = conv.getOutputShapes(new Shape[] {x})[0];
                noise.initialize(manager, dataType, y, new Shape(y.get(0), 1, y.get(2), y.get(3)));
            }
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputs) {
            return conv.getOutputShapes(inputs);
        }
    }

    /**
     * The synthesis network: styles {@code (N, L, S)} and {@link #noiseCount} noise planes
     * {@code (N, 1, side_i, side_i)} ({@link #noiseSide}) to images {@code (N, channels, side,
     * side)}, unbounded (StyleGAN has no output non-linearity; training images are in [-1, 1]).
     */
    public static final class Synthesis extends AbstractBlock {
        private static final byte VERSION = 1;

        private final int side;
        private final int styleSize;
        private final Parameter constant;
        private final List<StyledLayer> convs = new ArrayList<>();
        private final List<StyledLayer> toRgbs = new ArrayList<>();

        /**
         * @param channels colour channels of the images (3)
         * @param side the images' side (32)
         * @param styleSize the width of {@code w}
         * @param width channels of the 4x4 and 8x8 layers, halved at each doubling after that
         */
        public Synthesis(int channels, int side, int styleSize, int width) {
            super(VERSION);
            log2(side);
            if (channels < 1 || styleSize < 1 || width < 8) {
                throw new BadInputException("a synthesis network of " + channels
                        + " channels, style " + styleSize + ", width " + width
                        + "; expected positive sizes, width 8 or more");
            }
            this.side = side;
            this.styleSize = styleSize;
            constant = addParameter(Parameter.builder()
                    .setName("constant")
                    .setType(Parameter.Type.OTHER)
                    .optShape(new Shape(1, width, 4, 4))
                    .optInitializer(new ConstantInitializer(0))
                    .build());
            int c = channelsAt(4, width);
            convs.add(addChildBlock("conv4", new StyledLayer(styleSize, c, c, false)));
            toRgbs.add(addChildBlock("rgb4", new StyledLayer(styleSize, c, channels, true)));
            for (int s = 8; s <= side; s *= 2) {
                int next = channelsAt(s, width);
                convs.add(addChildBlock(
                        "conv" + s + "a", new StyledLayer(styleSize, c, next, false)));
                convs.add(addChildBlock(
                        "conv" + s + "b", new StyledLayer(styleSize, next, next, false)));
                toRgbs.add(
                        addChildBlock("rgb" + s, new StyledLayer(styleSize, next, channels, true)));
                c = next;
            }
        }

        /** Styles it reads, {@link StyleGan#styleCount}. */
        public int styles() {
            return styleCount(side);
        }

        void drawConstant(SplittableRandom random) {
            NDArray k = constant.getArray();
            try (NDArray drawn = Gan.normal(k.getManager(), k.getShape(), random)) {
                Layers.fill(k, drawn);
            }
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore store,
                NDList inputs,
                boolean training,
                PairList<String, Object> params) {
            NDArray ws = inputs.get(0);
            Shape s = ws.getShape();
            int layers = styles();
            if (s.dimension() != 3
                    || s.get(1) != layers
                    || s.get(2) != styleSize
                    || inputs.size() != 1 + convs.size()) {
                throw new BadInputException("the synthesis network of " + side + "x" + side
                        + " images takes styles (N, " + layers + ", " + styleSize + ") and "
                        + convs.size() + " noise planes; got " + s + " and "
                        + (inputs.size() - 1) + " planes");
            }
            long n = s.get(0);
            NDArray k = store.getValue(constant, ws.getDevice(), training);
            NDArray x = Layers.inScopeOf(ws, k.repeat(0, n));
            NDArray rgb = null;
            int conv = 0;
            for (int r = 0; r < toRgbs.size(); r++) {
                if (r > 0) {
                    x = Pyramid.up(x);
                }
                for (int j = 0; j < (r == 0 ? 1 : 2); j++) {
                    x = convs.get(conv)
                            .forward(
                                    store,
                                    new NDList(x, style(ws, conv), inputs.get(1 + conv)),
                                    training)
                            .singletonOrThrow();
                    conv++;
                }
                NDArray image = toRgbs.get(r)
                        .forward(store, new NDList(x, style(ws, conv)), training)
                        .singletonOrThrow();
                rgb = rgb == null ? image : Pyramid.up(rgb).add(image);
            }
            return new NDList(rgb);
        }

        private static NDArray style(NDArray ws, int layer) {
            return ws.get(new NDIndex(":, {}, :", layer));
        }

        @Override
        protected void initializeChildBlocks(
                NDManager manager, DataType dataType, Shape... inputShapes) {
            long n = inputShapes[0].get(0);
            Shape w = new Shape(n, styleSize);
            long width = constant.getShape().get(1);
            Shape x = new Shape(n, width, 4, 4);
            int conv = 0;
            for (int r = 0; r < toRgbs.size(); r++) {
                if (r > 0) {
                    x = new Shape(n, x.get(1), x.get(2) * 2, x.get(3) * 2);
                }
                for (int j = 0; j < (r == 0 ? 1 : 2); j++) {
                    Shape noise = new Shape(n, 1, x.get(2), x.get(3));
                    convs.get(conv).initialize(manager, dataType, x, w, noise);
                    x = convs.get(conv).getOutputShapes(new Shape[] {x, w, noise})[0];
                    conv++;
                }
                toRgbs.get(r).initialize(manager, dataType, x, w);
            }
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputs) {
            long n = inputs[0].get(0);
            Shape rgb = toRgbs.get(0).getOutputShapes(new Shape[] {new Shape(n, 1, 4, 4)})[0];
            return new Shape[] {new Shape(n, rgb.get(1), side, side)};
        }

        /** The shapes {@link #forwardInternal} reads for a batch of {@code n}, for initialisation. */
        public Shape[] inputShapes(long n) {
            Shape[] shapes = new Shape[1 + convs.size()];
            shapes[0] = new Shape(n, styles(), styleSize);
            for (int i = 0; i < convs.size(); i++) {
                int s = noiseSide(i);
                shapes[1 + i] = new Shape(n, 1, s, s);
            }
            return shapes;
        }

        @Override
        public String toString() {
            return "Synthesis(" + side + "x" + side + ", " + styles() + " styles of " + styleSize
                    + ", " + convs.size() + " convolutions)";
        }
    }
}
