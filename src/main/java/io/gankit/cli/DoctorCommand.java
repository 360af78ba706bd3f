package io.gankit.cli;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.LibUtils;

import com.google.gson.JsonParser;

import io.gankit.BadInputException;
import io.gankit.data.Cifar10;
import io.gankit.data.DataFolder;
import io.gankit.data.Datasets;
import io.gankit.data.RemoteFile;
import io.gankit.engine.ConvRoute;
import io.gankit.engine.Cpu;
import io.gankit.engine.EngineFaultException;
import io.gankit.engine.EngineStatus;
import io.gankit.engine.Engines;
import io.gankit.engine.SelfCheck;
import io.gankit.kernel.GankitKernel;
import io.gankit.kernel.JupyterSetup;
import io.gankit.kernel.KernelSpec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./gankit doctor}: what this machine gives the kit, and whether anything is broken: the
 * processor, the engine and its threads, the self-check with every route it tried, the data sets,
 * Jupyter and the kernelspec, GPUs. Exits 1 when something is broken.
 */
public final class DoctorCommand implements Command {
    static final Flag<Path> DATA = Flags.data("data folder");
    static final Flag<Boolean> VERBOSE = Flag.toggle(
            "verbose", "every self-check probe, and libtorch's whole build configuration");
    static final Flags FLAGS = Flags.of(DATA, VERBOSE);

    @Override
    public String name() {
        return "doctor";
    }

    @Override
    public String summary() {
        return "check this machine: CPU, engine, self-check, threads, data sets, Jupyter, GPU (first thing to run when something looks wrong)";
    }

    @Override
    public String description() {
        return """
                Says what the kit finds on this machine and exits 1 when something is broken: the CPU and
                its vector instruction sets, the engine (PyTorch, DJL, natives, oneDNN) and its threads, the
                engine self-check (float32 gradients against float64, every convolution route it tried),
                the data folder (each data set present and its SHA-256 verified), Jupyter and the kit's
                kernelspec, and GPUs.""";
    }

    @Override
    public Flags flags() {
        return FLAGS;
    }

    @Override
    public boolean usesEngine() {
        return false; // it starts the engine itself, to report a fault instead of stopping on it
    }

    @Override
    public int run(Args args) {
        DataFolder folder = DataFolder.resolve(args.get(DATA));
        boolean verbose = args.get(VERBOSE);
        PrintStream out = System.out;
        List<String> broken = new ArrayList<>();

        Cpu cpu = Cpu.current();
        row(out, "cpu", cpu.describe());
        row(
                out,
                "java",
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        EngineStatus status = null;
        try {
            status = Engines.ensure();
        } catch (EngineFaultException e) {
            broken.add("engine: " + e.getMessage());
            row(out, "engine", "FAULT: " + e.getMessage());
        }
        if (status != null) {
            row(
                    out,
                    "engine",
                    status.engine() + " via DJL " + Engine.getDjlVersion() + ", natives in "
                            + LibUtils.getLibtorchPath());
            for (String line : Engines.engineConfig().split("\n")) {
                String t = line.strip();
                if (verbose
                        || t.contains("oneDNN")
                        || t.contains("MKL-DNN")
                        || t.contains("Math Kernel")
                        || t.contains("CPU capability")
                        || t.contains("OpenMP")) {
                    row(out, "", t);
                }
            }
            row(
                    out,
                    "threads",
                    String.format(
                            Locale.ROOT,
                            "intra-op %d (%s), inter-op %d",
                            status.threads(),
                            env(Engines.THREADS_ENV) == null
                                    ? "one per core; GANKIT_THREADS sets it"
                                    : "GANKIT_THREADS",
                            status.interopThreads()));
            row(out, "onednn", Engines.oneDnnEnabled() ? "enabled" : "disabled");
            for (SelfCheck.Report r : status.checks()) {
                row(
                        out,
                        "self-check",
                        String.format(
                                Locale.ROOT,
                                "route %s: %s, %d of %d probes right, %.2f s",
                                r.route().key(),
                                r.ok() ? "ok" : "FAULT",
                                r.findings().size() - r.failures().size(),
                                r.findings().size(),
                                r.seconds()));
                for (SelfCheck.Finding f : verbose ? r.findings() : r.failures()) {
                    row(out, "", f.line());
                }
            }
            row(out, "conv route", status.route().description());
        }

        row(
                out,
                "data folder",
                folder.root() + (env(DataFolder.ENV) != null ? " (GANKIT_DATA)" : ""));
        for (String name : Datasets.NAMES) {
            String verdict = dataSet(folder.root(), name);
            if (verdict.startsWith("BROKEN")) {
                broken.add(name + ": " + verdict);
            }
            row(out, "  " + name, verdict);
        }

        row(
                out,
                "jupyter",
                JupyterSetup.python("jupyter_client", "nbclient")
                        .map(p -> "jupyter_client and nbclient in " + p)
                        .orElse(
                                "not found (./gankit lab installs it on Debian/Ubuntu as root; else environment.yml)"));
        Path kernel = KernelSpec.userKernelsDir().resolve(KernelSpec.NAME).resolve("kernel.json");
        if (Files.exists(kernel)) {
            String stale = staleKernel(kernel);
            if (stale != null) {
                broken.add("kernelspec: " + stale);
            }
            row(out, "kernelspec", kernel + (stale == null ? "" : ": BROKEN, " + stale));
        } else {
            row(out, "kernelspec", "not installed (./gankit lab installs it)");
        }
        int gpus = status == null ? 0 : Engine.getInstance().getGpuCount();
        row(
                out,
                "gpu",
                gpus == 0 ? "none (CPU natives; see README, GPU)" : gpus + " CUDA device(s)");

        out.println();
        if (broken.isEmpty()) {
            out.println("ok: nothing broken"
                    + (status != null && status.route() != ConvRoute.DIRECT
                            ? " (convolutions run on the " + status.route().key() + " route)"
                            : ""));
            return 0;
        }
        out.println(broken.size() + " problem(s):");
        broken.forEach(b -> out.println("  - " + b));
        return 1;
    }

    /** A data set's state: every official file present and verified, missing, or BROKEN (a checksum differs). */
    static String dataSet(Path root, String name) {
        List<String> missing = new ArrayList<>();
        int verified = 0;
        for (RemoteFile f : Datasets.files(name)) {
            Path file = root.resolve(f.relativePath());
            if (!Files.exists(file)) {
                missing.add(f.relativePath());
                continue;
            }
            try {
                DataFolder.verifySha256(file, f.sha256(), file.toString());
                verified++;
            } catch (BadInputException e) {
                return "BROKEN: " + e.getMessage()
                        + "; delete it, it is downloaded again when online";
            } catch (IOException e) {
                return "BROKEN: " + file + " cannot be read (" + e.getMessage() + ")";
            }
        }
        if (missing.isEmpty()) {
            return "present, " + verified + " file(s) verified (SHA-256)";
        }
        if (name.equals("cifar10")) {
            for (String dir : List.of(Cifar10.OFFICIAL_DIR, Cifar10.PARTIAL_DIR)) {
                if (Files.isDirectory(root.resolve(dir))) {
                    return "present as extracted batches in " + dir
                            + "/ (the archive that carries the checksum is not kept)";
                }
            }
        }
        return verified > 0
                ? "incomplete: missing " + missing
                : "missing (downloaded and verified on first use when online)";
    }

    /** Why the installed kernelspec cannot start the kit (its class path is gone), or null. */
    static String staleKernel(Path kernelJson) {
        try {
            List<String> argv = new ArrayList<>();
            JsonParser.parseString(Files.readString(kernelJson))
                    .getAsJsonObject()
                    .getAsJsonArray("argv")
                    .forEach(a -> argv.add(a.getAsString()));
            int cp = argv.indexOf("-cp");
            if (cp < 0 || cp + 1 >= argv.size()) {
                return "its argv has no -cp class path";
            }
            String classPath = argv.get(cp + 1);
            Path lib = Path.of(
                    classPath.endsWith("/*")
                            ? classPath.substring(0, classPath.length() - 2)
                            : classPath);
            if (!Files.exists(lib.resolve("gankit.jar"))) {
                return "its class path " + classPath
                        + " has no gankit.jar (run ./gankit lab from the checkout to reinstall)";
            }
            return argv.contains(GankitKernel.class.getName())
                    ? null
                    : "it does not start " + GankitKernel.class.getName()
                            + " (an older kit's kernelspec; ./gankit lab reinstalls it)";
        } catch (IOException | RuntimeException e) {
            return "unreadable (" + e.getMessage() + ")";
        }
    }

    private static String env(String name) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? null : v;
    }

    private static void row(PrintStream out, String key, String value) {
        out.printf("%-13s %s%n", key, value);
    }
}
