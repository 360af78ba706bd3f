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
 * A residual block (He et al. 2016): {@code x + body(x)}, for a body that keeps the shape. SRResNet
 * stacks them (conv, batch norm, PReLU, conv, batch norm), CycleGAN's generator too (reflection pad,
 * conv, instance norm, ReLU, twice): the body learns a correction, and the identity path carries
 * the input and its gradient through deep stacks.
 */
public final class Residual extends AbstractBlock {
    private static final byte VERSION = 1;

    private final Block body;

    /** The skip connection around {@code body}. */
    public Residual(Block body) {
        super(VERSION);
        this.body = addChildBlock("body", body);
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        body.initialize(manager, dataType, inputShapes);
        Shape out = body.getOutputShapes(inputShapes)[0];
        if (!out.equals(inputShapes[0])) {
            throw new BadInputException("Residual body maps " + inputShapes[0] + " to " + out
                    + "; expected a body that keeps the shape");
        }
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        return new NDList(x.add(body.forward(store, inputs, training, params).singletonOrThrow()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {inputs[0]};
    }

    @Override
    public String toString() {
        return "Residual(" + body + ")";
    }
}
