package io.gankit.bench;

import com.google.gson.JsonObject;

import java.util.Optional;

/** What the PyTorch peer processes share: their environment, and the check of the BLAS they loaded. */
final class Peers {
    private Peers() {}

    /** Gives a peer process its fastest settings for {@code threads} threads. */
    static void configure(ProcessBuilder peer, int threads) {
        // Debian's torch 1.13 spins its OpenMP workers between parallel regions; measured here it
        // runs the seed step 2.7x faster when they wait passively.
        peer.environment().putIfAbsent("OMP_WAIT_POLICY", "PASSIVE");
        // OpenBLAS keeps its own thread pool, which torch.set_num_threads does not size.
        peer.environment().putIfAbsent("OPENBLAS_NUM_THREADS", Integer.toString(threads));
    }

    /**
     * A warning when a peer's report ({@code bench/peer_env.py}'s {@code blas} field) names the
     * reference BLAS: Debian's torch then multiplies matrices with the unoptimised Fortran loops,
     * 14x slower on the MLP step measured here, and any speed ratio is against a crippled peer.
     */
    static Optional<String> blasWarning(JsonObject report) {
        if (!report.has("blas")) {
            return Optional.empty();
        }
        String blas = report.get("blas").getAsString();
        if (!blas.contains("/blas/libblas")) {
            return Optional.empty();
        }
        return Optional.of("the PyTorch peer runs on the reference BLAS (" + blas + "), which makes"
                + " its matrix products about 14x slower than an optimised BLAS; install one"
                + " (Debian: apt-get install libopenblas0-pthread) before comparing speeds");
    }
}
