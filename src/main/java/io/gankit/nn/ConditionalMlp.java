package io.gankit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;

import io.gankit.BadInputException;

import java.util.SplittableRandom;

/**
 * The seed's fully connected GAN made conditional ({@code conditional-mlp}; Mirza and Osindero,
 * 2014): each network also takes the class label, through its own learned embedding of width
 * {@code classes}, appended to the latent vector in the generator and to the flattened image in
 * the discriminator. Hidden layers as {@link Mlp}. Linear layers get PyTorch's default
 * initialisation, the embeddings N(0, 1) (PyTorch's {@code nn.Embedding} default).
 * Call it through {@link Gan#generate(ai.djl.ndarray.NDArray, ai.djl.ndarray.NDArray, boolean)}
 * or {@link ConditionalSampler}.
 */
public final class ConditionalMlp implements Architecture {
    @Override
    public String name() {
        return "conditional-mlp";
    }

    @Override
    public boolean conditional() {
        return true;
    }

    @Override
    public void validate(ModelSpec spec) {
        if (!spec.conditional()) {
            throw new BadInputException(
                    "conditional-mlp needs the number of classes (e.g. 10 for MNIST); got 0");
        }
    }

    @Override
    public Block generator(ModelSpec spec) {
        Block body = Mlp.generator(spec.imageSize(), Mlp.GENERATOR_HIDDEN)
                .add(Mlp.reshape(spec.channels(), spec.height(), spec.width()));
        return new LabelConditioned(spec.classes(), spec.classes(), body);
    }

    @Override
    public Block discriminator(ModelSpec spec) {
        return new LabelConditioned(
                spec.classes(), spec.classes(), Mlp.discriminator(Mlp.DISCRIMINATOR_HIDDEN));
    }

    @Override
    public void initialize(Block generator, Block discriminator, SplittableRandom random) {
        Gan.torchDefaultInit(generator, random.split());
        Gan.torchDefaultInit(discriminator, random.split());
        embeddingInit(generator, random.split());
        embeddingInit(discriminator, random.split());
    }

    /** Sets the label embedding of a {@link LabelConditioned} network to N(0, 1) draws. */
    static void embeddingInit(Block block, SplittableRandom random) {
        NDArray table = ((LabelConditioned) block).embedding().getArray();
        try (NDArray draws = Gan.normal(table.getManager(), table.getShape(), random)) {
            table.set(draws.toFloatArray());
        }
    }
}
