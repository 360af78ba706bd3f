package io.gankit.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import io.gankit.BadInputException;
import io.gankit.nn.ImageSampler;

import java.util.SplittableRandom;

/**
 * A trained generator ({@link ImageSampler}: a GAN's G, LAPGAN's chain) sampled on demand for
 * scoring: noise from a fixed seed, outputs quantized by {@link Quantization#fromSigned}. A
 * conditional G draws the classes in turn within each batch.
 */
public final class GeneratorSource implements SampleSource {
    private final ImageSampler generator;
    private final long seed;
    private final String what;
    private final SplittableRandom random;

    /**
     * @param generator the trained networks (the caller closes them)
     * @param seed seeds the noise: the same seed gives the same images
     * @param what where the generator came from, for the passport (e.g. {@code "run runs/mnist"})
     */
    public GeneratorSource(ImageSampler generator, long seed, String what) {
        this.generator = generator;
        this.seed = seed;
        this.what = what;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public NDArray next(NDManager manager, int count) {
        if (count < 1) {
            throw new BadInputException(
                    "asked for " + count + " generated images; expected at least 1");
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray out = Quantization.fromSigned(generator.generate(scope, count, random));
            out.attach(manager);
            return out;
        }
    }

    @Override
    public long size() {
        return -1;
    }

    @Override
    public String description() {
        return "generator of " + what + " (" + generator.description() + ", noise seed " + seed
                + ", " + Quantization.DESCRIPTION + ")";
    }
}
