package io.gankit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.util.SplittableRandom;

/**
 * A trained model that draws new images from noise, as FID and IS score them: a GAN's generator
 * ({@link Gan}; a conditional one draws the classes in turn), LAPGAN's chain of generators, a
 * StyleGAN's (averaged) G.
 */
public interface ImageSampler {
    /**
     * {@code n} new images {@code (n, C, H, W)} in [-1, 1], networks in inference mode, every
     * random draw from {@code random} (the same stream gives the same images), in {@code into}.
     */
    NDArray generate(NDManager into, int n, SplittableRandom random);

    /** What draws the images, for a score's passport (for example {@code "dcgan, classes in turn"}). */
    String description();
}
