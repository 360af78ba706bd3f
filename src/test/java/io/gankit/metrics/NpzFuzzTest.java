package io.gankit.metrics;

import io.gankit.TestPaths;
import io.gankit.data.ReaderFuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Corrupted pytorch-fid statistics files: read or refused with the kit's error, nothing else. */
class NpzFuzzTest {
    @Test
    void statisticsReader(@TempDir Path dir) throws IOException {
        byte[] stats = Files.readAllBytes(
                TestPaths.shared().resolve("fid-vectors/gauss_same_dist_stats_a.npz"));
        GaussianStats.read(TestPaths.shared().resolve("fid-vectors/gauss_same_dist_stats_a.npz"));
        ReaderFuzzTest.fuzz("npz", stats, dir, GaussianStats::read);
    }
}
