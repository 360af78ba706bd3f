package io.gankit.nn;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;

import io.gankit.BadInputException;

/**
 * The networks of SRGAN (Ledig et al. 2017), from builders that check their sizes in {@code
 * build()}: the SRResNet generator and the SRGAN discriminator. The paper's sizes are the defaults;
 * a teaching run on 28 to 32 pixel images takes fewer filters and blocks.
 */
public final class SuperResolution {
    private SuperResolution() {}

    /** A builder of the SRResNet generator. */
    public static SrResNetBuilder srResNet() {
        return new SrResNetBuilder();
    }

    /** A builder of the SRGAN discriminator. */
    public static DiscriminatorBuilder discriminator() {
        return new DiscriminatorBuilder();
    }

    /**
     * SRResNet: a 9x9 convolution (PReLU), {@code blocks} residual blocks (3x3 convolution, batch
     * norm, PReLU, 3x3 convolution, batch norm), a 3x3 convolution and batch norm with a skip from
     * the first convolution around them all, then per factor 2 of the scale a 3x3 convolution to 4x
     * the filters, a pixel shuffle and PReLU, and a 9x9 convolution to the image's channels. Tanh on
     * the output, since the kit's images lie in [-1, 1].
     */
    public static final class SrResNetBuilder {
        private int scale;
        private int channels = 3;
        private int filters = 64;
        private int blocks = 16;

        /** Required: the upscaling factor, a power of 2 (4 in the paper). */
        public SrResNetBuilder setScale(int scale) {
            this.scale = scale;
            return this;
        }

        /** The image's channels (default 3). */
        public SrResNetBuilder optChannels(int channels) {
            this.channels = channels;
            return this;
        }

        /** Filters of every convolution but the last (default 64). */
        public SrResNetBuilder optFilters(int filters) {
            this.filters = filters;
            return this;
        }

        /** Residual blocks (default 16). */
        public SrResNetBuilder optBlocks(int blocks) {
            this.blocks = blocks;
            return this;
        }

        public Block build() {
            if (scale < 2 || Integer.bitCount(scale) != 1) {
                throw new BadInputException("SRResNet with scale " + scale
                        + "; call setScale with a power of 2 such as 4");
            }
            if (channels < 1 || filters < 1 || blocks < 1) {
                throw new BadInputException("SRResNet with " + channels + " channels, " + filters
                        + " filters and " + blocks + " blocks; expected at least 1 of each");
            }
            SequentialBlock trunk = new SequentialBlock();
            for (int b = 0; b < blocks; b++) {
                trunk.add(new Residual(new SequentialBlock()
                        .add(Conv.of(filters, 3, 1, 1, false))
                        .add(BatchNorm.builder().build())
                        .add(new PRelu())
                        .add(Conv.of(filters, 3, 1, 1, false))
                        .add(BatchNorm.builder().build())));
            }
            trunk.add(Conv.of(filters, 3, 1, 1, false)).add(BatchNorm.builder().build());
            SequentialBlock g = new SequentialBlock()
                    .add(Conv.of(filters, 9, 1, 4, true))
                    .add(new PRelu())
                    .add(new Residual(trunk));
            for (int s = scale; s > 1; s /= 2) {
                g.add(Conv.of(4 * filters, 3, 1, 1, true))
                        .add(new PixelShuffle(2))
                        .add(new PRelu());
            }
            return g.add(Conv.of(channels, 9, 1, 4, true)).add(Activation.tanhBlock());
        }
    }

    /**
     * The SRGAN discriminator: a 3x3 convolution (LeakyReLU 0.2), then for each of {@code
     * downsamplings} levels a stride-1 (from the second level on) and a stride-2 3x3 convolution
     * with batch norm and LeakyReLU, the filters doubling per level, then a dense layer (LeakyReLU)
     * and one logit. The paper's 4 levels take 96 pixels to 6; 32 pixels become 2.
     */
    public static final class DiscriminatorBuilder {
        private int filters = 64;
        private int downsamplings = 4;
        private int dense = 1024;

        /** Filters of the first level (default 64). */
        public DiscriminatorBuilder optFilters(int filters) {
            this.filters = filters;
            return this;
        }

        /** Stride-2 levels (default 4). */
        public DiscriminatorBuilder optDownsamplings(int downsamplings) {
            this.downsamplings = downsamplings;
            return this;
        }

        /** Units of the dense layer (default 1,024). */
        public DiscriminatorBuilder optDense(int dense) {
            this.dense = dense;
            return this;
        }

        public Block build() {
            if (filters < 1 || downsamplings < 1 || dense < 1) {
                throw new BadInputException("SRGAN discriminator with " + filters + " filters, "
                        + downsamplings + " downsamplings and " + dense
                        + " dense units; expected at least 1 of each");
            }
            SequentialBlock d = new SequentialBlock()
                    .add(Conv.of(filters, 3, 1, 1, true))
                    .add(Activation.leakyReluBlock(0.2f));
            for (int level = 0; level < downsamplings; level++) {
                int width = filters << level;
                for (int stride = level == 0 ? 2 : 1; stride <= 2; stride++) {
                    d.add(Conv.of(width, 3, stride, 1, false))
                            .add(BatchNorm.builder().build())
                            .add(Activation.leakyReluBlock(0.2f));
                }
            }
            return d.add(Blocks.batchFlattenBlock())
                    .add(Linear.builder().setUnits(dense).build())
                    .add(Activation.leakyReluBlock(0.2f))
                    .add(Linear.builder().setUnits(1).build());
        }
    }
}
