package io.gankit.lab;

import ai.djl.nn.Block;
import io.gankit.nn.Architecture;
import io.gankit.nn.Mlp;
import io.gankit.nn.ModelSpec;

/**
 * The seed's fully connected GAN ({@link Mlp}) with a PacGAN discriminator: {@code m} images are
 * judged together, their pixels concatenated into one input of {@code m*C*H*W} values, as PacDCGAN
 * stacks {@code m} images along the channels. The generator is unchanged.
 */
public final class PackedMlp implements Architecture {
    private final String name;
    private final int packing;
    private final Mlp plain = new Mlp();

    public PackedMlp(String name, int packing) {
        this.name = name;
        this.packing = packing;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Block generator(ModelSpec spec) {
        return plain.generator(spec);
    }

    @Override
    public Block discriminator(ModelSpec spec) {
        return new Packed(packing, plain.discriminator(spec));
    }
}
