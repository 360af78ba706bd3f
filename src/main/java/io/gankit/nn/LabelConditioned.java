package io.gankit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import io.gankit.BadInputException;

/**
 * Wraps a network so that it also takes class labels: inputs {@code (x, labels)} with {@code x}
 * of shape {@code (B, ...)} and int labels {@code (B)}; {@code x} is flattened to {@code (B, n)},
 * a learned embedding of each label ({@code classes x dim}, as PyTorch's {@code nn.Embedding}) is
 * appended, and the wrapped network sees {@code (B, n + dim)}. This is how the conditional GAN
 * of Mirza and Osindero feeds the label to both networks.
 */
public final class LabelConditioned extends AbstractBlock {
    private static final byte VERSION = 1;

    private final int classes;
    private final int dim;
    private final Block body;
    private final Parameter embedding;

    /**
     * @param classes number of labels
     * @param dim embedding width
     * @param body the network that receives the flattened input with the embedding appended
     */
    public LabelConditioned(int classes, int dim, Block body) {
        super(VERSION);
        if (classes <= 0 || dim <= 0) {
            throw new BadInputException("label embedding of " + classes + " classes x " + dim
                    + "; expected positive sizes");
        }
        this.classes = classes;
        this.dim = dim;
        this.body = addChildBlock("body", body);
        this.embedding = addParameter(Parameter.builder()
                .setName("embedding")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(classes, dim))
                .build());
    }

    /** The embedding table {@code (classes, dim)}. */
    public Parameter embedding() {
        return embedding;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        if (inputs.size() != 2) {
            throw new BadInputException("a conditional network takes (input, labels); got "
                    + inputs.size() + " arrays");
        }
        NDArray x = inputs.get(0);
        NDArray table = store.getValue(embedding, x.getDevice(), training);
        // One-hot times the table selects rows, and its gradient reaches exactly those rows.
        NDArray oneHot = inputs.get(1)
                .toType(DataType.INT64, false)
                .oneHot(classes)
                .toType(table.getDataType(), false);
        NDArray joined = x.reshape(x.getShape().get(0), -1).concat(oneHot.matMul(table), 1);
        return body.forward(store, new NDList(joined), training, params);
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        body.initialize(manager, dataType, joinedShape(inputShapes[0]));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return body.getOutputShapes(new Shape[] {joinedShape(inputs[0])});
    }

    private Shape joinedShape(Shape input) {
        return new Shape(input.get(0), input.size() / input.get(0) + dim);
    }

    @Override
    public String toString() {
        return "LabelConditioned(" + classes + " x " + dim + ", " + body + ")";
    }
}
