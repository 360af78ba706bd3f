package io.gankit.kernel;

import com.google.gson.GsonBuilder;

import io.gankit.AtomicFiles;
import io.gankit.BadInputException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Jupyter kernelspec of the kit's kernel: a {@code kernel.json} that starts
 * {@link GankitKernel} with the absolute path of the kit's {@code lib/} as class path, offline
 * DJL, headless AWT and message-based interrupts. It is written straight into the user's Jupyter
 * data folder, so installing needs no Python.
 *
 * <p>{@code java -cp 'lib/*' io.gankit.kernel.KernelSpec [lib-folder]} installs it from scripts.
 */
public final class KernelSpec {
    /** The kernel name notebooks and nbclient ask for. */
    public static final String NAME = "gankit";
    /** What Jupyter's launcher shows. */
    public static final String DISPLAY_NAME = "Java (gankit)";

    private KernelSpec() {}

    /**
     * The kernel.json text for a kit whose jars are in {@code libDir}, started with {@code java}.
     */
    public static String json(Path libDir, Path java) {
        Path lib = libDir.toAbsolutePath().normalize();
        boolean cpuNatives = hasCpuNatives(lib);
        Map<String, Object> spec = new LinkedHashMap<>();
        List<String> argv = new ArrayList<>(List.of(java.toString(), "-cp", lib + "/*"));
        if (cpuNatives) {
            argv.add("-Dai.djl.offline=true"); // the natives are in lib/: never download
        }
        argv.addAll(List.of(
                "-Djava.awt.headless=true",
                "-Xss4m",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                // DJL warns once per call that a CPU-only machine has no CUDA; that is not news in
                // a cell.
                "-Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error",
                "-Dgankit.lib=" + lib,
                GankitKernel.class.getName(),
                "{connection_file}"));
        spec.put("argv", argv);
        spec.put("display_name", DISPLAY_NAME);
        spec.put("language", "java");
        // Jupyter would otherwise send SIGINT, which ends a JVM instead of stopping a cell.
        spec.put("interrupt_mode", "message");
        spec.put("metadata", Map.of("debugger", false));
        if (!cpuNatives) {
            // A CUDA build (./mvnw -Pcuda) has no natives in lib/: DJL fetches its libtorch once,
            // as ./gankit does.
            spec.put("env", Map.of("PYTORCH_FLAVOR", "cu128"));
        }
        return new GsonBuilder()
                        .setPrettyPrinting()
                        .disableHtmlEscaping()
                        .create()
                        .toJson(spec) + "\n";
    }

    private static boolean hasCpuNatives(Path lib) {
        try (var files = Files.list(lib)) {
            return files.anyMatch(
                    p -> p.getFileName().toString().startsWith("pytorch-native-cpu-"));
        } catch (IOException e) {
            return false;
        }
    }

    /** The user's Jupyter kernels folder, as jupyter_core finds it. */
    public static Path userKernelsDir() {
        String dataDir = System.getenv("JUPYTER_DATA_DIR");
        if (dataDir != null && !dataDir.isBlank()) {
            return Path.of(dataDir, "kernels");
        }
        String home = System.getProperty("user.home");
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("mac")) {
            return Path.of(home, "Library", "Jupyter", "kernels");
        }
        if (os.contains("win")) {
            String appData = System.getenv("APPDATA");
            return Path.of(appData != null ? appData : home, "jupyter", "kernels");
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        Path data = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(home, ".local", "share");
        return data.resolve("jupyter").resolve("kernels");
    }

    /**
     * Writes the kernelspec for the kit in {@code libDir} under {@code kernelsDir}/gankit, replacing an
     * older one atomically.
     *
     * @return the kernel.json written
     */
    public static Path install(Path libDir, Path kernelsDir) throws IOException {
        if (!Files.isDirectory(libDir) || !Files.exists(libDir.resolve("gankit.jar"))) {
            throw new BadInputException(
                    libDir.toAbsolutePath() + ": no gankit.jar here; expected the kit's lib/ "
                            + "folder (build it with ./mvnw -q -B package -DskipTests)");
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path dir = kernelsDir.resolve(NAME);
        Files.createDirectories(dir);
        Path target = dir.resolve("kernel.json");
        Path temp = AtomicFiles.tempFile(dir, ".kernel", ".json.tmp");
        Files.writeString(temp, json(libDir, java), StandardCharsets.UTF_8);
        Files.move(
                temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    /**
     * The kernels folder of a checkout's own Jupyter path, {@code build/jupyter/kernels}: headless
     * runs install there and put {@code build/jupyter} first on {@code JUPYTER_PATH}, so two
     * checkouts on one machine never run each other's jars through the shared user kernelspec.
     */
    public static Path privateKernelsDir(Path kitHome) {
        return kitHome.resolve("build").resolve("jupyter").resolve("kernels");
    }

    /**
     * Installs the kernelspec: {@code KernelSpec [LIB [KERNELS_DIR]]}, by default {@code lib} and the
     * current user's kernels folder.
     */
    public static void main(String[] args) throws IOException {
        Path lib = Path.of(args.length > 0 ? args[0] : "lib");
        Path kernels = args.length > 1 ? Path.of(args[1]) : userKernelsDir();
        System.out.println("installed kernelspec " + install(lib, kernels));
    }
}
