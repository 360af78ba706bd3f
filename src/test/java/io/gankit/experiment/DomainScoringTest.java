package io.gankit.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gankit.TestPaths;
import io.gankit.data.DataFolder;
import io.gankit.metrics.StandardInception;
import io.gankit.metrics.TorchScriptDetector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DomainScoringTest {
    @Test
    void theStandardInceptionIsUsedOnlyWhereItsFileLies(@TempDir Path data) throws Exception {
        DataFolder folder = DataFolder.of(data).offline();
        assertTrue(DomainScoring.findStandardInception(folder).isEmpty(), "no file, no detector");

        // the stand-in has the standard file's calling convention (shared/detector/README.md)
        Path file = StandardInception.path(folder);
        Files.createDirectories(file.getParent());
        Files.copy(TestPaths.shared().resolve("detector/standin-detector.pt"), file);
        Optional<TorchScriptDetector> found = DomainScoring.findStandardInception(folder);
        assertTrue(found.isPresent());
        try (TorchScriptDetector d = found.get()) {
            assertEquals(StandardInception.FILE_NAME, d.name());
            assertEquals(DataFolder.sha256(file), d.sha256());
        }
    }
}
