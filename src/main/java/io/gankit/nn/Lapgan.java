package io.gankit.nn;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;

/**
 * The networks of a LAPGAN (Denton et al. 2015), one generator and one discriminator per level of
 * a Laplacian pyramid ({@code data.Pyramid}), after the paper's CIFAR-10 models at teaching width.
 *
 * <ul>
 *   <li>The <b>base level</b> (8x8 in the paper) is an ordinary GAN of fully connected networks:
 *       G maps the latent vector through two layers with batch norm and ReLU to a {@code C x S x
 *       S} image (Tanh); D reads the image through two LeakyReLU(0.2) layers to one logit. Without
 *       batch norm the base G drew one image for every noise vector on CIFAR-10 (mode collapse
 *       within 300 steps, at learning rates 5e-5 and 2e-4 alike).
 *   <li>Each <b>finer level</b> is a conditional GAN of convolutional networks that draws the
 *       residual, what upsampling the coarser image misses. G reads the upsampled coarser image
 *       with one plane of noise as a fourth channel, {@code (N, C + 1, H, W)}, through two 5x5
 *       convolutions with batch norm and ReLU, and a third 5x5 convolution writes the
 *       {@code C}-channel residual (no output non-linearity: residuals are signed and small).
 *       D reads the residual added to the upsampled image it belongs to, the image at that level
 *       {@code (N, C, H, W)} (as the paper's D adds them before its first convolution), through
 *       two stride-2 5x5 convolutions with LeakyReLU(0.2) and dropout 0.5, to one logit.
 * </ul>
 */
public final class Lapgan {
    private Lapgan() {}

    /** The base level's G: latent vector to a {@code channels x side x side} image in [-1, 1]. */
    public static Block baseGenerator(int channels, int side, int hidden) {
        return new SequentialBlock()
                .add(Linear.builder().setUnits(hidden).build())
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(hidden).build())
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits((long) channels * side * side).build())
                .add(Activation.tanhBlock())
                .add(new LambdaBlock(
                        x -> new NDList(x.singletonOrThrow().reshape(-1, channels, side, side)),
                        "to-images"));
    }

    /** The base level's D: an image to one logit. */
    public static Block baseDiscriminator(int hidden) {
        return new SequentialBlock()
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(hidden).build())
                .add(Activation.leakyReluBlock(0.2f))
                .add(Linear.builder().setUnits(hidden).build())
                .add(Activation.leakyReluBlock(0.2f))
                .add(Linear.builder().setUnits(1).build());
    }

    /**
     * A finer level's G: the upsampled coarser image with a noise plane, {@code (N, channels + 1,
     * H, W)}, to the residual {@code (N, channels, H, W)}.
     */
    public static Block levelGenerator(int channels, int filters) {
        return new SequentialBlock()
                .add(Conv.of(filters, 5, 1, 2, false))
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(Conv.of(filters, 5, 1, 2, false))
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(Conv.of(channels, 5, 1, 2, true));
    }

    /**
     * A finer level's D: a residual added to its upsampled coarser image, {@code (N, channels, H,
     * W)}, to one logit.
     */
    public static Block levelDiscriminator(int filters) {
        return new SequentialBlock()
                .add(Conv.of(filters, 5, 2, 2, true))
                .add(Activation.leakyReluBlock(0.2f))
                .add(Conv.of(2 * filters, 5, 2, 2, true))
                .add(Activation.leakyReluBlock(0.2f))
                .add(Blocks.batchFlattenBlock())
                .add(Dropout.builder().optRate(0.5f).build())
                .add(Linear.builder().setUnits(1).build());
    }
}
