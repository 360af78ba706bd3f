package io.gankit.nn;

import ai.djl.ndarray.NDArray;

/** What the kit's layers share. */
final class Layers {
    private Layers() {}

    /**
     * Moves {@code derived}, an array computed from a parameter, into the manager of the step's
     * input {@code x}. An engine result belongs to its first operand's manager, which for a
     * parameter is the networks' own: without this, every step would leave its reshaped or
     * flipped kernels there until the networks close (a DCGAN generator grew 7 MB a step).
     */
    static NDArray inScopeOf(NDArray x, NDArray derived) {
        derived.attach(x.getManager());
        return derived;
    }

    /** Sets {@code parameter}'s values to {@code values}' (of its shape), in the parameter's type. */
    static void fill(NDArray parameter, NDArray values) {
        try (NDArray typed = values.toType(parameter.getDataType(), true)) {
            parameter.set(typed.toByteBuffer());
        }
    }
}
