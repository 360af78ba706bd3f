package io.gankit.loss;

import ai.djl.ndarray.NDArray;

import io.gankit.BadInputException;

/**
 * CycleGAN's two reconstruction losses (Zhu et al. 2017), each the mean absolute difference of
 * two image batches (L1, which blurs less than the squared error). Pure functions of arrays: the
 * gradient reaches whichever argument carries a graph, and no number enters the graph (nothing
 * for a garbage collection to free under it).
 */
public final class CycleConsistency {
    private CycleConsistency() {}

    /**
     * The cycle-consistency loss {@code mean |F(G(x)) - x|}: an image translated to the other
     * domain and back should come back as it was. It is what keeps an unpaired translation tied
     * to its input (without it, G could map every image to any one image of the other domain).
     *
     * @param reconstructed {@code F(G(x))}, the image after the round trip
     * @param original {@code x}
     */
    public static NDArray cycle(NDArray reconstructed, NDArray original) {
        return meanAbsolute(reconstructed, original);
    }

    /**
     * The identity loss {@code mean |G(y) - y|}: an image already in G's target domain should pass
     * through G unchanged, which keeps colours from drifting (the paper's photo-to-painting
     * results). Needs both domains' images to have the same shape.
     *
     * @param translated {@code G(y)}, G applied to an image of its own output domain
     * @param input {@code y}
     */
    public static NDArray identity(NDArray translated, NDArray input) {
        return meanAbsolute(translated, input);
    }

    /** {@code mean |x - y|} over every element, a scalar; the shapes must be equal. */
    public static NDArray meanAbsolute(NDArray x, NDArray y) {
        if (!x.getShape().equals(y.getShape())) {
            throw new BadInputException("an L1 loss between images of shape " + x.getShape()
                    + " and " + y.getShape() + "; expected two batches of the same shape");
        }
        return x.sub(y).abs().mean();
    }
}
