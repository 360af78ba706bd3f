package io.gankit.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.gankit.GankitException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The PyTorch peer processes ({@code bench/peer*.py}): whether a Python can run them, how one is
 * started (its environment, its threads), its one JSON line read back, and the check of the BLAS it
 * loaded.
 */
final class Peers {
    private Peers() {}

    /** Whether {@code python} (null: none asked for) is an executable that imports torch. */
    static boolean available(Path python) {
        if (python == null || !Files.isExecutable(python)) {
            return false;
        }
        try {
            Process p = new ProcessBuilder(python.toString(), "-c", "import torch")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Why no peer runs with {@code python} (null: {@code --no-peer}), for the bench's last line. */
    static String skipped(Path python) {
        return python == null
                ? "--no-peer"
                : "no torch in " + python + "; on Debian: apt-get install python3-torch";
    }

    /**
     * Runs {@code bench/SCRIPT ARGS --threads THREADS} with {@code python} (from the repository
     * root, as the bench runs) and returns the JSON object of its last line of output, with a
     * {@code name} ("pytorch VERSION") when the peer gave none. Its errors go to this process's.
     */
    static JsonObject run(Path python, String script, List<String> args, int threads)
            throws IOException, InterruptedException {
        Path file = Path.of("bench", script);
        if (!Files.isRegularFile(file)) {
            throw new GankitException(
                    file.toAbsolutePath() + " is missing; run the bench from the repository root");
        }
        List<String> cmd = new ArrayList<>(List.of(python.toString(), file.toString()));
        cmd.addAll(args);
        cmd.addAll(List.of("--threads", Integer.toString(threads)));
        ProcessBuilder builder =
                new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        configure(builder, threads);
        Process p = builder.start();
        String output =
                new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0) {
            throw new GankitException(
                    "the PyTorch peer failed (" + String.join(" ", cmd) + "): " + output);
        }
        String[] lines = output.split("\n");
        JsonObject result = JsonParser.parseString(lines[lines.length - 1]).getAsJsonObject();
        if (!result.has("name")) {
            result.addProperty(
                    "name",
                    "pytorch " + (result.has("torch") ? result.get("torch").getAsString() : ""));
        }
        return result;
    }

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
