package io.gankit.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The processor, as far as it decides the engine's kernels: model name and the vector instruction
 * sets oneDNN and PyTorch choose between. Read from {@code /proc/cpuinfo} where there is one.
 */
public record Cpu(String model, int cores, Set<String> vectorSets) {
    /** The instruction-set flags that change which kernels run, in the order they are listed. */
    static final List<String> RELEVANT = List.of(
            "sse4_2",
            "avx",
            "avx2",
            "fma",
            "avx512f",
            "avx512bw",
            "avx512vl",
            "avx512_vnni",
            "avx512_bf16",
            "avx512_fp16",
            "avx_vnni",
            "amx_tile",
            "amx_bf16",
            "amx_int8",
            "avx512_vp2intersect");

    /** This machine's processor. */
    public static Cpu current() {
        return parse(read(Path.of("/proc/cpuinfo")), Runtime.getRuntime().availableProcessors());
    }

    /** The processor described by a {@code /proc/cpuinfo} text (empty: only the JVM's architecture). */
    static Cpu parse(String cpuinfo, int cores) {
        String model = System.getProperty("os.arch");
        Set<String> sets = new TreeSet<>((a, b) -> RELEVANT.indexOf(a) - RELEVANT.indexOf(b));
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            if (key.equals("model name")) {
                model = value;
            } else if (key.equals("flags")) {
                Arrays.stream(value.split("\\s+")).filter(RELEVANT::contains).forEach(sets::add);
                break;
            }
        }
        return new Cpu(model, cores, Collections.unmodifiableSet(sets));
    }

    /** Whether the CPU has AVX-512 (then oneDNN picks its 16-channel blocked kernels). */
    public boolean avx512() {
        return vectorSets.contains("avx512f");
    }

    /** {@code model, N cores, sets}. */
    public String describe() {
        return model + ", " + cores + " cores, "
                + (vectorSets.isEmpty()
                        ? "no x86 vector flags read"
                        : String.join(" ", vectorSets));
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
