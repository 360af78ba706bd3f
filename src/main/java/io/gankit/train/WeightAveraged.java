package io.gankit.train;

import io.gankit.nn.ImageSampler;

/**
 * A game whose generator may keep an exponential moving average of its weights (EMA,
 * {@link io.gankit.nn.WeightAverage}) beside the trained one, so that scores, the best checkpoint
 * and {@code ./gankit evaluate} can set the two side by side. Every family that generates from
 * noise is one: the GAN architectures ({@link GanGame}), LAPGAN and StyleGAN.
 */
public interface WeightAveraged {
    /** Whether the game keeps a weight average of its generator. */
    boolean keepsAverage();

    /**
     * A sampler of the trained generator ({@code averaged} false) or of its weight average
     * (true; refused with a clear message when the game keeps none).
     */
    ImageSampler sampler(boolean averaged);
}
