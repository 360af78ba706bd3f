package io.gankit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gankit.TestPaths;
import io.gankit.kernel.KernelSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DoctorCommandTest {
    @Test
    void dataSetsAreVerifiedMissingOrBroken(@TempDir Path tmp) throws Exception {
        assertTrue(DoctorCommand.dataSet(TestPaths.data(), "mnist")
                .startsWith("present, 4 file(s) verified"));
        assertTrue(DoctorCommand.dataSet(tmp, "fashion-mnist").startsWith("missing"));
        Files.createDirectories(tmp.resolve("mnist"));
        Files.writeString(tmp.resolve("mnist/train-images-idx3-ubyte.gz"), "not MNIST");
        String broken = DoctorCommand.dataSet(tmp, "mnist");
        assertTrue(
                broken.startsWith("BROKEN: ") && broken.contains("train-images-idx3-ubyte.gz"),
                broken);
        assertTrue(DoctorCommand.dataSet(TestPaths.data(), "cifar10").contains("cifar-10-partial"));
    }

    @Test
    void aKernelspecThatCannotStartTheKitIsBroken(@TempDir Path tmp) throws Exception {
        Path lib = Files.createDirectories(tmp.resolve("lib"));
        Files.writeString(lib.resolve("gankit.jar"), "");
        Path kernel = tmp.resolve("kernel.json");
        Files.writeString(kernel, KernelSpec.json(lib, Path.of("/usr/bin/java")));
        assertNull(DoctorCommand.staleKernel(kernel));
        Files.writeString(
                kernel,
                KernelSpec.json(lib, Path.of("/usr/bin/java"))
                        .replace("io.gankit.kernel.", "io.gankit.notebook."));
        assertTrue(DoctorCommand.staleKernel(kernel).contains("older kit"));
        Files.delete(lib.resolve("gankit.jar"));
        assertTrue(DoctorCommand.staleKernel(kernel).contains("no gankit.jar"));
    }

    @Test
    void doctorIsAVerbAndSaysSoInTheOverview() {
        assertTrue(Main.commands().containsKey("doctor"));
        assertEquals(false, new DoctorCommand().usesEngine());
        assertTrue(Main.overview(Main.commands()).contains("./gankit doctor"));
    }
}
