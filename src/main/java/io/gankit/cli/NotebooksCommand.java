package io.gankit.cli;

import io.gankit.BadInputException;
import io.gankit.kernel.JupyterSetup;
import io.gankit.kernel.KernelSpec;
import io.gankit.notebook.Quick;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code ./gankit notebooks}: executes every notebook headlessly with the kit's kernel under
 * Jupyter's nbclient, failing on any cell error, and writes executed {@code .ipynb} and
 * {@code .html} copies to {@code build/notebooks/}.
 */
public final class NotebooksCommand implements Command {
    static final Flag<Boolean> QUICK = Flag.toggle(
            "quick",
            "quick size (" + Quick.FLAG + "=1): seconds a notebook, barely trained pictures");
    static final Flag<Boolean> LAB = Flag.toggle(
            "lab",
            "lab size (" + Quick.SIZE + "=lab): at most 10 minutes a notebook on 2 cores, the idea"
                    + " still visible");
    static final Flag<Boolean> PICTURES = Flag.toggle(
            "pictures",
            "full size, and each notebook's key picture (its cell marked gankit.picture) to"
                    + " notebooks/pictures/NAME.png, which its first cell shows");
    static final Flag<Boolean> SOLUTIONS = Flag.toggle(
            "solutions",
            "fill in the exercises from notebooks/solutions/ (every check must say correct) and"
                    + " check that the students' empty gaps say \"not yet\"; as CI runs them");
    static final Flag<Integer> TIMEOUT = Flag.whole("timeout", "S", "seconds one cell may run")
            .defaultsTo(900)
            .atLeast(1);
    /** Where executed copies go, in the kit's folder. */
    static final Path KIT_OUT = Path.of("build", "notebooks");

    static final Flag<Path> OUT = Flag.path("out", "DIR", "where executed copies go")
            .shownAs(KIT_OUT + " in the kit's folder");
    static final Flags FLAGS = Flags.of(QUICK, LAB, PICTURES, SOLUTIONS, TIMEOUT, OUT)
            .withArguments("[NOTEBOOK.ipynb ...]", 0, Integer.MAX_VALUE);

    @Override
    public boolean usesEngine() {
        return false; // it starts Jupyter; the kernel checks its own engine
    }

    @Override
    public String name() {
        return "notebooks";
    }

    @Override
    public String summary() {
        return "run all notebooks headlessly; executed .ipynb and .html go to build/notebooks/";
    }

    @Override
    public String description() {
        return """
                Executes the notebooks (default: notebooks/*.ipynb) with the Java kernel under nbclient,
                stops a notebook at its first cell error, writes executed copies (.ipynb and .html) and
                exits 1 if any notebook failed. Needs python3-nbclient and jupyter-nbconvert.
                Sizes: full (default), --lab, --quick (docs/notebooks.md has each notebook's times).
                Limits can also be set one by one: MAX_EPOCH=2 DATASET_LIMIT=1000 ./gankit notebooks
                With --solutions the executed copies hold the solutions: keep build/notebooks/ away
                from students (docs/teaching.md).

                Data: $GANKIT_DATA, else ~/.gankit/data (missing files are downloaded when online).""";
    }

    @Override
    public Flags flags() {
        return FLAGS;
    }

    @Override
    public int run(Args args) throws Exception {
        boolean quick = args.get(QUICK);
        boolean lab = args.get(LAB);
        if (quick && lab) {
            throw new BadInputException("--quick and --lab: choose one size");
        }
        boolean pictures = args.get(PICTURES);
        if (pictures && (quick || lab)) {
            throw new BadInputException("--pictures with --" + (quick ? "quick" : "lab")
                    + ": the committed pictures show full runs; drop the size flag");
        }
        int timeout = args.get(TIMEOUT);
        Path home = JupyterSetup.kitHome();
        Path out = args.getOr(OUT, home.resolve(KIT_OUT));
        List<String> notebooks = notebooks(home, args.positional());

        if (!JupyterSetup.isBuilt(home)) {
            List<String> build = JupyterSetup.buildCommand(home);
            JupyterSetup.echo(System.out, build);
            if (JupyterSetup.run(build, home, Map.of()) != 0) {
                return 1;
            }
        }
        KernelSpec.install(home.resolve("lib"), KernelSpec.privateKernelsDir(home));
        String python = JupyterSetup.python("nbclient", "nbconvert", "nbformat").orElse(null);
        if (python == null) {
            System.err.println(
                    "gankit notebooks: no Python with nbclient and nbconvert; install them with\n  "
                            + JupyterSetup.aptCommand()
                            + "\n(or scripts/install-jupyter, or the conda environment.yml)");
            return 1;
        }
        List<String> command = new ArrayList<>(List.of(
                python,
                home.resolve("scripts").resolve("run_notebooks.py").toString(),
                "--kernel",
                KernelSpec.NAME,
                "--out",
                out.toString(),
                "--timeout",
                String.valueOf(timeout)));
        if (args.get(SOLUTIONS)) {
            command.add("--solutions");
        }
        if (pictures) {
            command.add("--pictures");
            command.add(home.resolve("notebooks").resolve("pictures").toString());
        }
        command.addAll(notebooks);
        Map<String, String> env = new HashMap<>();
        // This checkout's kernelspec first: another checkout may have installed its own for the
        // user.
        String jupyterPath = System.getenv("JUPYTER_PATH");
        env.put(
                "JUPYTER_PATH",
                KernelSpec.privateKernelsDir(home).getParent()
                        + (jupyterPath == null || jupyterPath.isBlank()
                                ? ""
                                : File.pathSeparator + jupyterPath));
        if (quick) {
            env.put(Quick.FLAG, "1");
        }
        if (lab) {
            env.put(Quick.SIZE, "lab");
        }
        JupyterSetup.echo(System.out, command);
        return JupyterSetup.run(command, home, env);
    }

    private static List<String> notebooks(Path home, List<String> named) throws IOException {
        if (!named.isEmpty()) {
            for (String name : named) {
                if (!name.endsWith(".ipynb") || !Files.isRegularFile(Path.of(name))) {
                    throw new BadInputException(
                            name + ": not a notebook file; expected an existing .ipynb");
                }
            }
            return named;
        }
        try (Stream<Path> files = Files.list(home.resolve("notebooks"))) {
            List<String> all = files.filter(p -> p.toString().endsWith(".ipynb"))
                    .sorted()
                    .map(Path::toString)
                    .collect(Collectors.toList());
            if (all.isEmpty()) {
                throw new BadInputException(home.resolve("notebooks") + ": no .ipynb files");
            }
            return all;
        }
    }
}
