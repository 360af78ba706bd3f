package io.gankit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;

import io.gankit.engine.Scalars;

/**
 * The parametric ReLU (He et al. 2015), as PyTorch's {@code nn.PReLU()}: {@code max(0, x) + a min(0,
 * x)} with one learned slope {@code a}, starting at 0.25. SRResNet's activation. DJL's PyTorch
 * engine does not implement its {@code prelu}, so this block composes it from elementwise ops.
 */
public final class PRelu extends AbstractBlock {
    private static final byte VERSION = 1;
    /** PyTorch's starting slope. */
    public static final float INITIAL_SLOPE = 0.25f;

    private final Parameter slope;

    public PRelu() {
        super(VERSION);
        slope = addParameter(Parameter.builder()
                .setName("slope")
                .setType(Parameter.Type.OTHER)
                .optShape(new Shape(1))
                .optInitializer(new ConstantInitializer(INITIAL_SLOPE))
                .build());
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray a = store.getValue(slope, x.getDevice(), training);
        return new NDList(Scalars.max(x, 0).add(Scalars.min(x, 0).mul(a)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {inputs[0]};
    }

    @Override
    public String toString() {
        return "PRelu";
    }
}
