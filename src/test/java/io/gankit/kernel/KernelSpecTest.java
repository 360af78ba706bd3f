package io.gankit.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.gankit.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelSpecTest {
    @TempDir
    Path temp;

    @Test
    void kernelJsonStartsTheKernelOnTheKitsJars() throws IOException {
        Path lib = Files.createDirectories(temp.resolve("kit").resolve("lib"));
        Files.writeString(lib.resolve("pytorch-native-cpu-2.7.1-linux-x86_64.jar"), "");
        JsonObject spec = JsonParser.parseString(KernelSpec.json(lib, Path.of("/opt/jdk/bin/java")))
                .getAsJsonObject();
        List<String> argv = new ArrayList<>();
        spec.getAsJsonArray("argv").forEach(e -> argv.add(e.getAsString()));
        assertEquals("/opt/jdk/bin/java", argv.get(0));
        assertEquals(List.of("-cp", lib.toAbsolutePath() + "/*"), argv.subList(1, 3));
        assertTrue(argv.contains("-Dai.djl.offline=true"));
        assertTrue(argv.contains("-Djava.awt.headless=true"));
        assertEquals(
                List.of(GankitKernel.class.getName(), "{connection_file}"),
                argv.subList(argv.size() - 2, argv.size()));
        assertEquals("message", spec.get("interrupt_mode").getAsString());
        assertEquals("java", spec.get("language").getAsString());
        assertEquals(null, spec.get("env"), "CPU natives need no download settings");
    }

    @Test
    void aCudaBuildIsNotOfflineAndNamesItsFlavour() throws IOException {
        Path lib = Files.createDirectories(temp.resolve("cuda").resolve("lib"));
        JsonObject spec =
                JsonParser.parseString(KernelSpec.json(lib, Path.of("java"))).getAsJsonObject();
        assertTrue(!spec.getAsJsonArray("argv").toString().contains("ai.djl.offline"));
        assertEquals("cu128", spec.getAsJsonObject("env").get("PYTORCH_FLAVOR").getAsString());
    }

    @Test
    void installWritesKernelJsonUnderTheKernelName() throws IOException {
        Path lib = Files.createDirectories(temp.resolve("lib"));
        Files.writeString(lib.resolve("gankit.jar"), "");
        Path written = KernelSpec.install(lib, temp.resolve("kernels"));
        assertEquals(temp.resolve("kernels").resolve("gankit").resolve("kernel.json"), written);
        assertTrue(Files.readString(written).contains(GankitKernel.class.getName()));
        KernelSpec.install(lib, temp.resolve("kernels"));
        try (var files = Files.list(written.getParent())) {
            assertEquals(
                    1, files.count(), "reinstalling replaces the file and leaves no temp files");
        }
    }

    @Test
    void installRefusesAFolderWithoutTheKit() {
        BadInputException e =
                assertThrows(BadInputException.class, () -> KernelSpec.install(temp, temp));
        assertTrue(e.getMessage().contains("no gankit.jar"), e.getMessage());
    }
}
