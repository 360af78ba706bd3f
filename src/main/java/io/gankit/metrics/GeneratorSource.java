package io.gankit.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import io.gankit.BadInputException;
import io.gankit.nn.Gan;

import java.util.SplittableRandom;

/**
 * Images drawn from a trained generator on demand, as a metric sees saved samples: noise from a
 * seeded source, the generator in inference mode, then {@link Quantization#fromSigned} (the
 * rounding a PNG of the sample would have). A conditional generator is given the classes in turn
 * (0, 1, ..., K-1, 0, ...), so every class is drawn equally often.
 */
public final class GeneratorSource implements SampleSource {
    private final Gan gan;
    private final long seed;
    private final String what;
    private final SplittableRandom random;
    private long drawn;

    /**
     * @param gan the trained networks (the caller closes them)
     * @param seed seeds the noise: the same seed gives the same images
     * @param what where the generator came from, for the passport (e.g. {@code "run runs/mnist"})
     */
    public GeneratorSource(Gan gan, long seed, String what) {
        this.gan = gan;
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
            NDArray z = gan.latent(scope, count, random);
            NDArray images;
            if (gan.spec().conditional()) {
                int[] labels = new int[count];
                for (int i = 0; i < count; i++) {
                    labels[i] = (int) ((drawn + i) % gan.spec().classes());
                }
                images = gan.generate(z, scope.create(labels), false);
            } else {
                images = gan.generate(z, false);
            }
            drawn += count;
            NDArray out = Quantization.fromSigned(images);
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
        return "generator of " + what + " (" + gan.spec().architecture() + ", noise seed " + seed
                + (gan.spec().conditional() ? ", classes in turn" : "") + ", "
                + Quantization.DESCRIPTION + ")";
    }
}
