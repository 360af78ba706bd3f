package io.gankit.engine;

/**
 * How the kit runs its convolutions on this machine's engine, chosen once per JVM by
 * {@link Engines#ensure()} from the {@link SelfCheck}.
 */
public enum ConvRoute {
    /** The engine's own convolution (oneDNN on x86-64): its gradients were right here. */
    DIRECT("direct", "the engine's convolution as is"),
    /**
     * Channels padded with zeros to a multiple of {@link Convolutions#CHANNEL_BLOCK} (output
     * channels always, input channels above 8) and the extra outputs cut off after: oneDNN 3.7's
     * kernels read the padded tail of their channel-blocked layouts, which holds garbage on some
     * CPUs (an AMD EPYC with AVX-512: backward-data with few output channels, and every pass with
     * more than 16 input channels off the block); with no tail there is nothing to read. Costs
     * the extra channels (the seed CIFAR generator's last layer computes 16 channels, not 3).
     */
    PADDED_CHANNELS(
            "padded",
            "channels padded to a multiple of " + Convolutions.CHANNEL_BLOCK
                    + " (oneDNN blocked-layout fault)"),
    /** oneDNN switched off: PyTorch's own im2col + GEMM route, correct but about 3x slower. */
    NO_ONEDNN("no-onednn", "oneDNN switched off (PyTorch's im2col + GEMM route)");

    private final String key;
    private final String description;

    ConvRoute(String key, String description) {
        this.key = key;
        this.description = description;
    }

    /** The route's name where users write or read it ({@code GANKIT_CONV_ROUTE}, doctor, the bench). */
    public String key() {
        return key;
    }

    /** The route called {@code key}, or null. */
    static ConvRoute byKey(String key) {
        for (ConvRoute r : values()) {
            if (r.key.equals(key)) {
                return r;
            }
        }
        return null;
    }

    /** A phrase for a status line. */
    public String description() {
        return description;
    }
}
