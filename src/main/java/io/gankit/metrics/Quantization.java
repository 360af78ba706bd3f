package io.gankit.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * Turns generator outputs in [-1, 1] into the 0..255 bytes a detector sees, exactly as StyleGAN's
 * metric code does: {@code floor(x * 127.5 + 128)} clamped to 0..255, i.e. {@code (x + 1) * 127.5}
 * rounded half up. Scoring the bytes, not the floats, makes generated images comparable with real
 * images stored as PNG.
 */
public final class Quantization {
    /** The rule, in words, for the passport. */
    public static final String DESCRIPTION =
            "uint8 = clamp(floor(x * 127.5 + 128), 0, 255) from [-1, 1] "
                    + "(StyleGAN / clean-fid rule: (x + 1) * 127.5 rounded half up)";

    private Quantization() {}

    /** Generator output in [-1, 1] (any float type) to uint8; the result lives in {@code x}'s manager. */
    public static NDArray fromSigned(NDArray x) {
        try (NDManager scope = x.getManager().newSubManager()) {
            NDArray f = x.toType(DataType.FLOAT32, true);
            f.attach(scope);
            NDArray bytes =
                    f.mul(127.5f).add(128f).floor().clip(0, 255).toType(DataType.UINT8, false);
            bytes.attach(x.getManager());
            return bytes;
        }
    }

    /** One value, as {@link #fromSigned(NDArray)} does it. */
    public static int fromSigned(float x) {
        double v = Math.floor(x * 127.5f + 128f);
        return (int) Math.max(0, Math.min(255, v));
    }
}
