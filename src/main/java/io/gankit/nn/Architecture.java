package io.gankit.nn;

import ai.djl.nn.Block;

import java.util.SplittableRandom;

/**
 * A family of generator / discriminator pairs. The generator maps a latent batch {@code (B, latent)}
 * (plus int labels {@code (B)} when conditional) to images {@code (B, C, H, W)} in [-1, 1]; the
 * discriminator maps images (plus labels) to one logit per image, {@code (B, 1)}: probabilities,
 * where a loss wants them, come from a sigmoid inside the loss, so losses stay finite.
 */
public interface Architecture {
    /** The name used in configs and on the command line. */
    String name();

    /** A new, uninitialised generator for {@code spec}. */
    Block generator(ModelSpec spec);

    /** A new, uninitialised discriminator (or critic) for {@code spec}. */
    Block discriminator(ModelSpec spec);

    /** The batch size its source trains it with: the seed's 128 for its MLP GAN unless overridden. */
    default int defaultBatchSize() {
        return 128;
    }

    /** Checks that {@code spec} is one this architecture can build; throws a clear error if not. */
    default void validate(ModelSpec spec) {}

    /** Whether the networks take class labels (then a spec needs {@code classes > 0}). */
    default boolean conditional() {
        return false;
    }

    /**
     * Draws both networks' initial weights from {@code random}, once DJL has created the arrays.
     * The default is PyTorch's default initialisation ({@link Gan#torchDefaultInit}); an
     * architecture whose paper prescribes its own (DCGAN: N(0, 0.02)) overrides this.
     */
    default void initialize(Block generator, Block discriminator, SplittableRandom random) {
        Gan.torchDefaultInit(generator, random.split());
        Gan.torchDefaultInit(discriminator, random.split());
    }
}
