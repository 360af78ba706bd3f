package io.gankit.nn;

import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;

import io.gankit.BadInputException;

import java.util.List;

/**
 * The networks of image-to-image translation (Isola et al. 2017, pix2pix; Zhu et al. 2017,
 * CycleGAN), sized for 28 to 32 pixel images: a U-Net generator, CycleGAN's ResNet generator and a
 * PatchGAN discriminator, each from a builder that checks its sizes in {@code build()}.
 */
public final class ImageToImage {
    private ImageToImage() {}

    /** The normalisation after a convolution. */
    public enum Norm {
        /** Batch norm (pix2pix's default; batches of more than one image). */
        BATCH,
        /** Instance norm without affine parameters (CycleGAN's). */
        INSTANCE;

        Block block() {
            return this == BATCH ? BatchNorm.builder().build() : new InstanceNorm2d(false);
        }
    }

    /** A builder of the U-Net generator. */
    public static UNetBuilder uNet() {
        return new UNetBuilder();
    }

    /** A builder of CycleGAN's ResNet generator. */
    public static ResNetBuilder resNet() {
        return new ResNetBuilder();
    }

    /** A builder of the PatchGAN discriminator. */
    public static PatchGanBuilder patchGan() {
        return new PatchGanBuilder();
    }

    /**
     * The U-Net: {@code downs} stride-2 4x4 convolutions halve the image to {@code side / 2^downs}
     * (filters doubling from {@code filters} up to 8 x {@code filters}; LeakyReLU 0.2; no norm on
     * the first and the innermost), and as many 4x4 stride-2 transposed convolutions bring it back
     * (ReLU, norm), each level's output joined to the same level's input along the channels, so the
     * decoder sees the fine detail the bottleneck cannot carry; Tanh on the output. Dropout 0.5 in
     * the three innermost decoder levels when asked (pix2pix's only noise source).
     */
    public static final class UNetBuilder {
        private int outChannels;
        private int filters = 64;
        private int downs = 5;
        private Norm norm = Norm.BATCH;
        private boolean dropout;

        /** Required: the output image's channels (3 for colour). */
        public UNetBuilder setOutChannels(int outChannels) {
            this.outChannels = outChannels;
            return this;
        }

        /** Filters of the first level (default 64). */
        public UNetBuilder optFilters(int filters) {
            this.filters = filters;
            return this;
        }

        /** Levels (default 5: 32 pixels down to 1); the image side must be a multiple of 2^downs. */
        public UNetBuilder optDowns(int downs) {
            this.downs = downs;
            return this;
        }

        /** Normalisation (default batch norm, as pix2pix). */
        public UNetBuilder optNorm(Norm norm) {
            this.norm = norm;
            return this;
        }

        /** Dropout 0.5 in the three innermost decoder levels (default off). */
        public UNetBuilder optDropout(boolean dropout) {
            this.dropout = dropout;
            return this;
        }

        public Block build() {
            if (outChannels < 1) {
                throw new BadInputException("U-Net without output channels; call"
                        + " setOutChannels(3) for colour images, 1 for grey");
            }
            if (filters < 1 || downs < 2) {
                throw new BadInputException("U-Net with " + filters + " filters and " + downs
                        + " levels; expected at least 1 filter and 2 levels");
            }
            // Built from the innermost level outwards: level i has filters min(2^i, 8) x filters.
            Block inner = null;
            for (int level = downs - 1; level >= 0; level--) {
                int outer = width(level - 1);
                int here = width(level);
                SequentialBlock down = new SequentialBlock();
                if (level > 0) {
                    down.add(Activation.leakyReluBlock(0.2f));
                }
                down.add(Conv.of(here, 4, 2, 1, false));
                boolean innermost = level == downs - 1;
                if (level > 0 && !innermost) {
                    down.add(norm.block());
                }
                SequentialBlock level1 = new SequentialBlock().add(down);
                if (inner != null) {
                    level1.add(inner);
                }
                level1.add(Activation.reluBlock());
                if (level == 0) {
                    level1.add(new ConvTranspose2d(outChannels, 4, 2, 1, true))
                            .add(Activation.tanhBlock());
                    return level1;
                }
                level1.add(new ConvTranspose2d(outer, 4, 2, 1, false)).add(norm.block());
                if (dropout && level >= downs - 3 && !innermost) {
                    level1.add(Dropout.builder().optRate(0.5f).build());
                }
                inner = skip(level1);
            }
            throw new IllegalStateException("unreachable: level 0 returns");
        }

        private int width(int level) {
            return level < 0 ? filters : filters * Math.min(1 << level, 8);
        }
    }

    /**
     * CycleGAN's generator (Zhu et al. 2017, after Johnson et al. 2016): reflection pad 3 and a
     * 7x7 convolution of {@code filters}, instance norm, ReLU; two 3x3 stride-2 convolutions that
     * halve the image and double the filters (norm, ReLU); {@code blocks} residual blocks of
     * reflection pad 1, 3x3 convolution, norm, ReLU, reflection pad 1, 3x3 convolution, norm, each
     * added to its input; two 4x4 stride-2 transposed convolutions back to the image's size and
     * {@code filters} (norm, ReLU); reflection pad 3 and a 7x7 convolution to {@code outChannels},
     * Tanh. The image side must be a multiple of 4: 28 -> 14 -> 7 -> 14 -> 28.
     *
     * <p>Unlike the U-Net no skip joins the encoder to the decoder: everything passes through the
     * residual blocks at a quarter of the side, which suits translations that change an image's
     * look but keep its layout. The paper's sizes are 64 filters and 9 blocks for 256-pixel
     * images, 6 for 128; a few filters and blocks learn 28-pixel digits.
     *
     * <p>Two details differ from the authors' code without changing a shape: the upsampling
     * transposed convolutions are 4x4 with padding 1 (theirs are 3x3 with output padding 1, which
     * the kit's {@link ConvTranspose2d} does not have), and the convolutions before an instance
     * norm have no bias (a per-channel constant is removed by the norm's mean anyway).
     */
    public static final class ResNetBuilder {
        private int outChannels;
        private int filters = 64;
        private int blocks = 9;

        /** Required: the output image's channels (3 for colour). */
        public ResNetBuilder setOutChannels(int outChannels) {
            this.outChannels = outChannels;
            return this;
        }

        /** Filters of the first convolution, doubled twice by the downsampling (default 64). */
        public ResNetBuilder optFilters(int filters) {
            this.filters = filters;
            return this;
        }

        /** Residual blocks (default 9, the paper's for 256 pixels; 6 for 128). */
        public ResNetBuilder optBlocks(int blocks) {
            this.blocks = blocks;
            return this;
        }

        public Block build() {
            if (outChannels < 1) {
                throw new BadInputException("ResNet generator without output channels; call"
                        + " setOutChannels(3) for colour images, 1 for grey");
            }
            if (filters < 1 || blocks < 1) {
                throw new BadInputException("ResNet generator with " + filters + " filters and "
                        + blocks + " residual blocks; expected at least 1 of each (the paper's"
                        + " 64 and 9)");
            }
            Norm norm = Norm.INSTANCE;
            SequentialBlock g = new SequentialBlock()
                    .add(new ReflectionPad2d(3))
                    .add(Conv.of(filters, 7, 1, 0, false))
                    .add(norm.block())
                    .add(Activation.reluBlock());
            int width = filters;
            for (int i = 0; i < 2; i++) {
                width *= 2;
                g.add(Conv.of(width, 3, 2, 1, false)).add(norm.block()).add(Activation.reluBlock());
            }
            for (int i = 0; i < blocks; i++) {
                g.add(new Residual(new SequentialBlock()
                        .add(new ReflectionPad2d(1))
                        .add(Conv.of(width, 3, 1, 0, false))
                        .add(norm.block())
                        .add(Activation.reluBlock())
                        .add(new ReflectionPad2d(1))
                        .add(Conv.of(width, 3, 1, 0, false))
                        .add(norm.block())));
            }
            for (int i = 0; i < 2; i++) {
                width /= 2;
                g.add(new ConvTranspose2d(width, 4, 2, 1, false))
                        .add(norm.block())
                        .add(Activation.reluBlock());
            }
            return g.add(new ReflectionPad2d(3))
                    .add(Conv.of(outChannels, 7, 1, 0, true))
                    .add(Activation.tanhBlock());
        }
    }

    /** {@code x} joined along the channels with {@code block(x)}: a U-Net level and its skip. */
    static Block skip(Block block) {
        return new ParallelBlock(
                outputs -> new NDList(NDArrays.concat(
                        new NDList(
                                outputs.get(0).singletonOrThrow(),
                                outputs.get(1).singletonOrThrow()),
                        1)),
                List.of(new LambdaBlock(x -> x), block));
    }

    /**
     * The PatchGAN discriminator: a 4x4 stride-2 convolution of {@code filters} (LeakyReLU 0.2, no
     * norm), {@code layers - 1} more that double the filters (norm), one of stride 1 and a last
     * stride-1 convolution to one logit per patch. It judges each overlapping patch of the image
     * (16 pixels across with 1 layer, 34 with 2, 70 with 3) as real or fake, so the loss is the mean
     * over patches; a pix2pix discriminator sees the input and the output joined along the channels.
     */
    public static final class PatchGanBuilder {
        private int filters = 64;
        private int layers = 2;
        private Norm norm = Norm.BATCH;

        /** Filters of the first convolution (default 64). */
        public PatchGanBuilder optFilters(int filters) {
            this.filters = filters;
            return this;
        }

        /** Stride-2 convolutions (default 2: 34-pixel patches; 3 is pix2pix's 70-pixel PatchGAN). */
        public PatchGanBuilder optLayers(int layers) {
            this.layers = layers;
            return this;
        }

        /** Normalisation (default batch norm). */
        public PatchGanBuilder optNorm(Norm norm) {
            this.norm = norm;
            return this;
        }

        public Block build() {
            if (filters < 1 || layers < 1) {
                throw new BadInputException("PatchGAN with " + filters + " filters and " + layers
                        + " layers; expected at least 1 of each");
            }
            SequentialBlock d = new SequentialBlock()
                    .add(Conv.of(filters, 4, 2, 1, true))
                    .add(Activation.leakyReluBlock(0.2f));
            int width = filters;
            for (int n = 1; n < layers; n++) {
                width = filters * Math.min(1 << n, 8);
                d.add(Conv.of(width, 4, 2, 1, false))
                        .add(norm.block())
                        .add(Activation.leakyReluBlock(0.2f));
            }
            width = filters * Math.min(1 << layers, 8);
            return d.add(Conv.of(width, 4, 1, 1, false))
                    .add(norm.block())
                    .add(Activation.leakyReluBlock(0.2f))
                    .add(Conv.of(1, 4, 1, 1, true));
        }
    }
}
