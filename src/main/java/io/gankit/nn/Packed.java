package io.gankit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import io.gankit.BadInputException;

/**
 * PacGAN's packing (Lin et al. 2018): a discriminator that judges {@code m} samples at once. A
 * batch {@code (B, C, H, W)} becomes {@code (B/m, m*C, H, W)}, consecutive samples side by side
 * along the channels (for a flattening MLP, the concatenation of their coordinates), and the inner
 * discriminator gives one logit per pack. Because the kit's losses are means over the batch,
 * packing changes nothing else: the trainer's D sees {@code B/m} decisions instead of {@code B}.
 *
 * <p>Every batch handed to it must hold a multiple of {@code m} samples.
 */
public final class Packed extends AbstractBlock {
    private final int packing;
    private final Block inner;

    /**
     * @param packing samples per pack, at least 1
     * @param inner the discriminator for one pack of {@code m*C} channels
     */
    public Packed(int packing, Block inner) {
        if (packing < 1) {
            throw new BadInputException(
                    "packing " + packing + "; expected 1 or more samples per pack");
        }
        this.packing = packing;
        this.inner = addChildBlock("packed", inner);
    }

    public int packing() {
        return packing;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape s = x.getShape();
        long batch = s.get(0);
        if (batch % packing != 0) {
            throw new BadInputException("a batch of " + batch + " samples cannot be packed "
                    + packing + " at a time; use a batch size that is a multiple of " + packing);
        }
        return inner.forward(store, new NDList(x.reshape(packedShape(s))), training, params);
    }

    private Shape packedShape(Shape s) {
        Shape packed = new Shape(s.get(0) / packing, s.get(1) * packing);
        for (int i = 2; i < s.dimension(); i++) {
            packed = packed.add(s.get(i));
        }
        return packed;
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        // The initialising batch may be smaller than one pack; the inner block only needs one pack.
        Shape one = new Shape(packing).addAll(inputShapes[0].slice(1));
        inner.initialize(manager, dataType, packedShape(one));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        Shape one = new Shape(packing).addAll(s.slice(1));
        Shape out = inner.getOutputShapes(new Shape[] {packedShape(one)})[0];
        return new Shape[] {new Shape(Math.max(1, s.get(0) / packing)).addAll(out.slice(1))};
    }
}
