package io.gankit.nn;

import ai.djl.nn.Block;

import java.util.SplittableRandom;

/**
 * Any architecture with a PacGAN discriminator: {@code m} images are judged together, stacked
 * along the channels as PacDCGAN does (for a flattening MLP, their pixels concatenated). The
 * generator, the checks and the initialisation are the base architecture's; the discriminator's
 * first layer simply reads {@code m} times the channels.
 */
public final class PackedArchitecture implements Architecture {
    private final String name;
    private final int packing;
    private final Architecture base;

    /**
     * @param name the registered name ({@code mlp-pac2}, {@code dcgan-pac2}, ...)
     * @param packing samples per discriminator decision
     * @param base the architecture whose discriminator sees packs
     */
    public PackedArchitecture(String name, int packing, Architecture base) {
        this.name = name;
        this.packing = packing;
        this.base = base;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean conditional() {
        return base.conditional();
    }

    @Override
    public void validate(ModelSpec spec) {
        base.validate(spec.withArchitecture(base.name()));
    }

    @Override
    public Block generator(ModelSpec spec) {
        return base.generator(spec);
    }

    @Override
    public Block discriminator(ModelSpec spec) {
        return new Packed(packing, base.discriminator(withPackedChannels(spec)));
    }

    private ModelSpec withPackedChannels(ModelSpec spec) {
        return new ModelSpec(
                base.name(),
                spec.latent(),
                spec.channels() * packing,
                spec.height(),
                spec.width(),
                spec.classes());
    }

    @Override
    public void initialize(Block generator, Block discriminator, SplittableRandom random) {
        base.initialize(generator, discriminator, random);
    }
}
