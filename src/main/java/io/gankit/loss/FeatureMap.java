package io.gankit.loss;

import ai.djl.ndarray.NDArray;

/**
 * A fixed network's features of images, differentiable with respect to the images: what a {@link
 * ContentLoss} compares. SRGAN's paper takes a VGG19 layer trained on ImageNet; the kit has no such
 * weights, so a caller adapts a network it trained itself (the domain classifier's penultimate
 * layer, which lives in {@code metrics}, after this package), or VGG through TorchScript where the
 * weights are present. The game that uses it never updates it.
 */
@FunctionalInterface
public interface FeatureMap {
    /**
     * The features of {@code images} ({@code (N, C, H, W)} in [-1, 1], the generator's range), shape
     * {@code (N, ...)}, in the images' manager. Called inside a gradient collector, the result must
     * keep its graph back to the images, so that G learns through it. The network's own parameters
     * should not require gradients: nothing trains them, and they would only gather work.
     */
    NDArray apply(NDArray images);

    /** What the features are, for a loss's name (for example {@code mnist-cnn penultimate}). */
    default String name() {
        return "features";
    }
}
