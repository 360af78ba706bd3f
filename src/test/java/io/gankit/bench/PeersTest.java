package io.gankit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PeersTest {
    private static JsonObject report(String blas) {
        JsonObject report = new JsonObject();
        report.addProperty("ms_per_step", 40.0);
        if (blas != null) {
            report.addProperty("blas", blas);
        }
        return report;
    }

    @Test
    void aPeerOnTheReferenceBlasIsFlaggedWithTheFix() {
        String warning = Peers.blasWarning(report("/usr/lib/x86_64-linux-gnu/blas/libblas.so.3"))
                .orElseThrow();
        assertTrue(warning.contains("/usr/lib/x86_64-linux-gnu/blas/libblas.so.3"), warning);
        assertTrue(warning.contains("apt-get install libopenblas0-pthread"), warning);
    }

    @Test
    void optimisedOrUnreportedBlasPassesQuietly() {
        assertEquals(
                Optional.empty(),
                Peers.blasWarning(
                        report("/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3")));
        assertEquals(
                Optional.empty(),
                Peers.blasWarning(report("/usr/lib/x86_64-linux-gnu/blis-pthread/libblas.so.3")));
        assertEquals(Optional.empty(), Peers.blasWarning(report(null)));
    }

    @Test
    void peersGetOneBlasThreadPerTorchThreadUnlessTheUserChoseOtherwise() {
        ProcessBuilder peer = new ProcessBuilder("true");
        peer.environment().remove("OPENBLAS_NUM_THREADS");
        peer.environment().put("OMP_WAIT_POLICY", "ACTIVE");
        Peers.configure(peer, 3);
        assertEquals("3", peer.environment().get("OPENBLAS_NUM_THREADS"));
        assertEquals("ACTIVE", peer.environment().get("OMP_WAIT_POLICY"));
    }
}
