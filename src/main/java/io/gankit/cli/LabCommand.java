package io.gankit.cli;

import io.gankit.BadInputException;
import io.gankit.kernel.JupyterSetup;
import io.gankit.kernel.KernelSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ./gankit lab}: builds the kit if {@code lib/} is empty, installs the kit's Jupyter kernel
 * for the current user and opens the notebooks in JupyterLab, or the classic notebook when
 * JupyterLab is not installed. Without Jupyter it installs Debian's packages when it runs as root
 * on Debian/Ubuntu, and otherwise prints the commands to run.
 */
public final class LabCommand implements Command {
    static final Flag<Boolean> PRINT_ONLY = Flag.toggle(
            "print-only", "show what would be built, installed and started; change nothing");
    static final Flag<Boolean> NO_BROWSER = Flag.toggle(
            "no-browser", "start the server without opening a browser (remote machines)");
    static final Flag<Integer> PORT = Flag.whole("port", "N", "port of the Jupyter server")
            .defaultsTo(0)
            .atLeast(0)
            .showZeroAs("Jupyter's, 8888");
    static final Flag<Boolean> CLASSIC =
            Flag.toggle("classic", "open the classic notebook even when JupyterLab is installed");
    static final Flag<Path> DIR = Flag.path(
                    "dir",
                    "DIR",
                    "the folder of notebooks to open (students' copies: docs/teaching.md)")
            .shownAs("the kit's notebooks/");
    static final Flags FLAGS = Flags.of(PRINT_ONLY, NO_BROWSER, PORT, CLASSIC, DIR);

    @Override
    public boolean usesEngine() {
        return false; // it starts Jupyter; the kernel checks its own engine
    }

    @Override
    public String name() {
        return "lab";
    }

    @Override
    public String summary() {
        return "open the notebooks in JupyterLab (or the classic notebook) with the kit's Java kernel";
    }

    @Override
    public String description() {
        return """
                Builds lib/ if needed, installs the Java kernel "Java (gankit)" for this user
                (~/.local/share/jupyter/kernels/gankit) and opens notebooks/ in JupyterLab, else in the
                classic notebook. Without Jupyter: installs jupyter-notebook, jupyter-nbconvert,
                jupyter-client and python3-nbclient with apt-get when root on Debian/Ubuntu, else prints
                the command. A course lab's sizes (each notebook within 10 minutes on 2 cores):
                GANKIT_SIZE=lab ./gankit lab; seconds a notebook: GANKIT_QUICK=1 ./gankit lab""";
    }

    @Override
    public Flags flags() {
        return FLAGS;
    }

    @Override
    public int run(Args args) throws Exception {
        boolean printOnly = args.get(PRINT_ONLY);
        boolean noBrowser = args.get(NO_BROWSER);
        int port = args.get(PORT);
        boolean classic = args.get(CLASSIC);
        Path home = JupyterSetup.kitHome();
        Path notebooks = args.has(DIR) ? args.get(DIR).toAbsolutePath() : home.resolve("notebooks");
        if (!Files.isDirectory(notebooks)) {
            throw new BadInputException(
                    "--dir " + notebooks + ": no such folder; expected a folder of notebooks");
        }

        if (!JupyterSetup.isBuilt(home)) {
            List<String> build = JupyterSetup.buildCommand(home);
            JupyterSetup.echo(System.out, build);
            if (!printOnly && JupyterSetup.run(build, home, Map.of()) != 0) {
                System.err.println(
                        "gankit lab: the build failed; fix it and run ./gankit lab again");
                return 1;
            }
        }
        Path kernels = KernelSpec.userKernelsDir();
        if (printOnly) {
            System.out.println("would install kernelspec "
                    + kernels.resolve(KernelSpec.NAME).resolve("kernel.json"));
        } else {
            System.out.println(
                    "installed kernelspec " + KernelSpec.install(home.resolve("lib"), kernels));
        }

        Optional<List<String>> frontEnd = JupyterSetup.frontEnd();
        if (frontEnd.isEmpty()) {
            if (JupyterSetup.canAptInstall() && !printOnly) {
                System.out.println("Jupyter is not installed; installing Debian's packages");
                List<String> update = List.of("apt-get", "update");
                List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y"));
                install.addAll(JupyterSetup.DEBIAN_PACKAGES);
                JupyterSetup.echo(System.out, update);
                JupyterSetup.run(update, home, Map.of());
                JupyterSetup.echo(System.out, install);
                if (JupyterSetup.run(install, home, Map.of("DEBIAN_FRONTEND", "noninteractive"))
                        == 0) {
                    frontEnd = JupyterSetup.frontEnd();
                }
            }
            if (frontEnd.isEmpty()) {
                System.err.println("""
                        gankit lab: Jupyter is not installed. Install it, then run ./gankit lab again:
                          Debian/Ubuntu:  %s
                          conda:          conda env create -f environment.yml && conda activate gankit
                          pip:            python3 -m pip install --user jupyterlab
                        """.formatted(JupyterSetup.aptCommand()));
                return printOnly ? 0 : 1;
            }
        }

        List<String> command = new ArrayList<>(frontEnd.get());
        if (classic) {
            command.set(1, "notebook");
        }
        command.add("--notebook-dir=" + notebooks);
        if (noBrowser) {
            command.add("--no-browser");
        }
        if (port > 0) {
            command.add("--port=" + port);
        }
        if (JupyterSetup.isRoot()) {
            command.add("--allow-root");
        }
        JupyterSetup.echo(System.out, command);
        return printOnly ? 0 : JupyterSetup.run(command, home, Map.of());
    }
}
