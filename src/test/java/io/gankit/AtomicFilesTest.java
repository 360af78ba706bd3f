package io.gankit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @Test
    void anAtomicWriteGivesTheFileTheUmasksPermissionsLikeAnyNewFile(@TempDir Path dir)
            throws Exception {
        // What the user's umask gives a new file here (0644 under the usual 022), whatever it is.
        Set<PosixFilePermission> usual =
                Files.getPosixFilePermissions(Files.createFile(dir.resolve("plain")));
        Path written = dir.resolve("history.csv");
        AtomicFiles.writeString(written, "step\n1\n");
        assertEquals(usual, Files.getPosixFilePermissions(written));
        assertEquals("step\n1\n", Files.readString(written));
        Set<PosixFilePermission> usualDir =
                Files.getPosixFilePermissions(Files.createDirectory(dir.resolve("plain-dir")));
        assertEquals(
                usualDir,
                Files.getPosixFilePermissions(AtomicFiles.tempDirectory(dir, ".partial-")));
        try (var files = Files.list(dir)) {
            assertTrue(
                    files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")),
                    "no temporary file left");
        }
    }
}
