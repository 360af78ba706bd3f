package io.gankit.loss;

import ai.djl.ndarray.NDArray;

/**
 * A GAN objective as two pure functions of discriminator outputs (logits, or critic values for
 * Wasserstein losses). Both return a scalar to minimise.
 */
public interface GanLoss {
    /** The name used in configs and on the command line. */
    String name();

    /** What the discriminator minimises, from its outputs on a real and on a generated batch. */
    NDArray discriminatorLoss(NDArray realLogits, NDArray fakeLogits);

    /** What the generator minimises, from the discriminator's outputs on a generated batch. */
    NDArray generatorLoss(NDArray fakeLogits);

    /**
     * Whether the discriminator's outputs are logits of the probability that an image is real
     * (minimax, non-saturating); otherwise they are unbounded critic scores.
     */
    boolean probabilistic();
}
