package io.gankit.kernel;

import io.gankit.BadInputException;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What {@code ./gankit lab} and {@code ./gankit notebooks} need around Jupyter: the kit's folder,
 * a built {@code lib/}, a Python that has Jupyter's modules, the Jupyter front end that is
 * installed, and the Debian packages (with the exact command) when none is.
 */
public final class JupyterSetup {
    /** Debian/Ubuntu packages of the classic notebook, nbconvert and nbclient. */
    public static final List<String> DEBIAN_PACKAGES =
            List.of("jupyter-notebook", "jupyter-nbconvert", "jupyter-client", "python3-nbclient");

    private JupyterSetup() {}

    /** The kit's folder: system property {@code gankit.home}, else the working folder; it must hold the notebooks. */
    public static Path kitHome() {
        Path home =
                Path.of(System.getProperty("gankit.home", "")).toAbsolutePath().normalize();
        if (!Files.isDirectory(home.resolve("notebooks"))
                || !Files.exists(home.resolve("pom.xml"))) {
            throw new BadInputException(
                    home + ": not the gankit folder (no notebooks/ and pom.xml here); "
                            + "run ./gankit from the repository");
        }
        return home;
    }

    /** Whether {@code lib/} holds a built kit. */
    public static boolean isBuilt(Path home) {
        return Files.exists(home.resolve("lib").resolve("gankit.jar"));
    }

    /** The build command that fills {@code lib/}. */
    public static List<String> buildCommand(Path home) {
        return List.of(home.resolve("mvnw").toString(), "-q", "-B", "package", "-DskipTests");
    }

    /** The first Python on this machine that can import all {@code modules}. */
    public static Optional<String> python(String... modules) {
        String probe = "import " + String.join(", ", modules);
        for (String candidate : List.of("python3", "/usr/bin/python3", "python")) {
            if (succeeds(List.of(candidate, "-c", probe))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * The Jupyter front end to open: {@code jupyter lab} when JupyterLab is installed, else the
     * classic {@code jupyter notebook}; empty when neither runs.
     */
    public static Optional<List<String>> frontEnd() {
        for (String app : List.of("lab", "notebook")) {
            if (succeeds(List.of("jupyter", app, "--version"))) {
                return Optional.of(List.of("jupyter", app));
            }
        }
        return Optional.empty();
    }

    /** Whether Jupyter can be installed here with apt-get: a Debian-like system, as root. */
    public static boolean canAptInstall() {
        return Files.exists(Path.of("/etc/debian_version"))
                && isRoot()
                && succeeds(List.of("apt-get", "--version"));
    }

    /** The apt-get command line that installs Jupyter (with sudo when not root). */
    public static String aptCommand() {
        return (isRoot() ? "" : "sudo ") + "apt-get install -y "
                + String.join(" ", DEBIAN_PACKAGES);
    }

    /** Whether this process runs as root (Jupyter then needs --allow-root). */
    public static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Runs a command with the terminal attached and returns its exit code. */
    public static int run(List<String> command, Path dir, Map<String, String> extraEnv)
            throws IOException, InterruptedException {
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(dir.toFile()).inheritIO();
        builder.environment().putAll(extraEnv);
        return builder.start().waitFor();
    }

    /** Prints the command as a shell line. */
    public static void echo(PrintStream out, List<String> command) {
        List<String> quoted = new ArrayList<>();
        for (String part : command) {
            quoted.add(
                    part.matches("[\\w./=:,@%+-]+")
                            ? part
                            : "'" + part.replace("'", "'\\''") + "'");
        }
        out.println("$ " + String.join(" ", quoted));
    }

    private static boolean succeeds(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().transferTo(OutputStream.nullOutputStream());
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
