package io.gankit.kernel;

import io.gankit.engine.EngineFaultException;
import io.gankit.engine.Engines;
import io.gankit.notebook.Quick;
import io.gankit.notebook.Renderers;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.reply.KernelInfoReply;
import org.dflib.jjava.jupyter.messages.request.KernelInfoRequest;

/**
 * The kit's Jupyter kernel: the jjava-jupyter base (wire protocol, display, magics registry) with
 * a JShell that runs cells in this JVM ({@link CellEvaluator}), so cell values are live objects
 * that render as pictures, charts and tables. The kit's jars are on the kernel's class path and
 * its packages are imported before the first cell. JShell starts in the background while the
 * kernel already answers Jupyter, and the first cell waits for it.
 *
 * <p>Started by Jupyter through the kernelspec ({@link KernelSpec}) with the connection file as
 * only argument.
 */
public final class GankitKernel extends BaseKernel {
    /** Packages every cell sees; kit packages are added as they exist in the jar. */
    static final List<String> STANDARD_IMPORTS = List.of(
            "java.util.*",
            "java.util.function.*",
            "java.util.stream.*",
            "java.util.concurrent.*",
            "java.io.*",
            "java.nio.file.*",
            "java.math.*",
            "java.awt.image.BufferedImage",
            "ai.djl.Device",
            "ai.djl.ndarray.*",
            "ai.djl.ndarray.types.*",
            "ai.djl.ndarray.index.*",
            "tech.tablesaw.api.*",
            "org.knowm.xchart.*");

    private final CompletableFuture<CellEvaluator> evaluator = new CompletableFuture<>();
    private final List<String> classpath;

    GankitKernel(List<String> classpath) {
        super(
                "gankit",
                version(),
                new LanguageInfo(
                        "java",
                        Runtime.version().toString(),
                        "text/x-java-source",
                        ".jshell",
                        "java",
                        "java",
                        "script"),
                List.of(),
                null,
                new JupyterIO(StandardCharsets.UTF_8),
                new CommManager(),
                new Renderer(),
                null,
                new MagicsRegistry(),
                false,
                new StringStyler.Builder().build());
        this.classpath = List.copyOf(classpath);
        Renderers.registerAll(renderer);
    }

    /** Starts JShell, imports and magics on a thread of its own; cells wait for it. */
    void startEvaluator(Path workingDir) {
        Thread starter = new Thread(
                () -> {
                    try {
                        List<String> imports = new ArrayList<>();
                        STANDARD_IMPORTS.forEach(p -> imports.add("import " + p + ";"));
                        kitPackages().forEach(p -> imports.add("import " + p + ".*;"));
                        CellEvaluator cells = new CellEvaluator(classpath, imports);
                        ClasspathMagics classpathMagics =
                                new ClasspathMagics(cells, workingDir, classpath);
                        cells.registerMagic("jars", classpathMagics::jars);
                        cells.registerMagic("classpath", classpathMagics::classpath);
                        magicsRegistry.registerLineMagic(
                                "jars", (kernel, args) -> classpathMagics.jars(args));
                        magicsRegistry.registerLineMagic(
                                "classpath", (kernel, args) -> classpathMagics.classpath(args));
                        evaluator.complete(cells);
                    } catch (Throwable t) {
                        evaluator.completeExceptionally(t);
                    }
                },
                "gankit-jshell-start");
        starter.setDaemon(true);
        starter.start();
    }

    private CellEvaluator cells() {
        try {
            return evaluator.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while JShell was starting", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("JShell did not start: " + e.getCause(), e.getCause());
        }
    }

    /** As the base kernel, with cell output grouped into lines (see {@link LineBufferedStream}). */
    @Override
    protected void replaceOutputStreams(ShellReplyEnvironment env) {
        super.replaceOutputStreams(env);
        System.setOut(LineBufferedStream.over(io.out));
        System.setErr(LineBufferedStream.over(io.err));
    }

    @Override
    public Object evalRaw(String code) {
        try {
            return cells().eval(code);
        } catch (CellError e) {
            throw e;
        } catch (Throwable t) {
            // Errors from JShell itself must still end the cell with a reply, never hang it.
            throw new CellError(
                    t.getClass().getName(),
                    String.valueOf(t.getMessage()),
                    List.of("the kernel failed while running the cell: " + t));
        }
    }

    @Override
    public DisplayData eval(String code) {
        Object value = evalRaw(code);
        // A cell ending in System.out.printf(...) evaluates to System.out, which is no result to
        // show.
        if (value == null || value instanceof PrintStream) {
            return null;
        }
        try {
            return value instanceof DisplayData ? (DisplayData) value : renderer.render(value);
        } catch (Throwable t) {
            throw new CellError(
                    t.getClass().getName(),
                    "could not render " + value.getClass().getName(),
                    List.of("the cell ran, but its value of type "
                            + value.getClass().getName() + " could not be shown: " + t));
        }
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        String doc = cells().documentation(code, at, extraDetail);
        return doc == null ? null : new DisplayData(doc);
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        return cells().complete(code, at);
    }

    @Override
    public String isComplete(String code) {
        return cells().isComplete(code);
    }

    @Override
    public void interrupt() {
        CellEvaluator cells = evaluator.getNow(null);
        if (cells != null) {
            cells.stop();
        }
    }

    @Override
    public List<String> formatError(Throwable e) {
        if (e instanceof CellError) {
            return ((CellError) e).traceback();
        }
        return super.formatError(e);
    }

    /** kernel_info_reply with the {@code status} field that protocol 5 validators require. */
    @Override
    protected void handleKernelInfoRequest(
            ShellReplyEnvironment env, Message<KernelInfoRequest> request) {
        env.setBusyDeferIdle();
        env.reply(new KernelInfo(
                Header.PROTOCOL_VERISON,
                name,
                version,
                getLanguageInfo(),
                getBanner(),
                getHelpLinks()));
    }

    /** The base library's reply plus the status field it leaves out. */
    private static final class KernelInfo extends KernelInfoReply {
        @SuppressWarnings("unused") // read by Gson when the reply is serialised
        private final String status = "ok";

        KernelInfo(
                String protocol,
                String name,
                String version,
                LanguageInfo language,
                String banner,
                List<org.dflib.jjava.jupyter.kernel.HelpLink> links) {
            super(protocol, name, version, language, banner, links);
        }
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        super.onShutdown(isRestarting);
        CellEvaluator cells = evaluator.getNow(null);
        if (cells != null) {
            cells.close();
        }
    }

    /** The io.gankit packages in the kit's jar (or class folder), so new packages are imported when they appear. */
    static List<String> kitPackages() {
        try {
            Path source = Path.of(GankitKernel.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            return kitPackages(source);
        } catch (URISyntaxException | IOException | RuntimeException e) {
            return List.of("io.gankit", "io.gankit.notebook");
        }
    }

    static List<String> kitPackages(Path codeSource) throws IOException {
        TreeSet<String> packages = new TreeSet<>();
        if (Files.isDirectory(codeSource)) {
            try (Stream<Path> walk = Files.walk(codeSource.resolve("io/gankit"))) {
                walk.filter(p -> p.toString().endsWith(".class"))
                        .map(p -> codeSource
                                .relativize(p.getParent())
                                .toString()
                                .replace(File.separatorChar, '.'))
                        .forEach(packages::add);
            }
        } else {
            try (JarFile jar = new JarFile(codeSource.toFile())) {
                jar.stream()
                        .map(e -> e.getName())
                        .filter(n -> n.startsWith("io/gankit/") && n.endsWith(".class"))
                        .map(n -> n.substring(0, n.lastIndexOf('/')).replace('/', '.'))
                        .forEach(packages::add);
            }
        }
        return new ArrayList<>(packages);
    }

    private static String version() {
        String v = GankitKernel.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }

    /** Runs the kernel on the connection file Jupyter names. */
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println(
                    "usage: GankitKernel <connection-file>  (Jupyter starts this through the kernelspec)");
            System.exit(2);
        }
        Quick.copyEnvironment(System.getenv(), System.getProperties());
        // As ./gankit does: threads, quiet libtorch, and the self-check before any cell trains. A
        // faulty engine is said in the log here and again in every cell that uses it.
        try {
            Engines.ensure();
        } catch (EngineFaultException e) {
            System.err.println("gankit kernel: " + e.getMessage());
        }
        KernelConnectionProperties properties =
                KernelConnectionProperties.parse(Files.readString(Path.of(args[0])));
        List<String> classpath = Arrays.stream(
                        System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(s -> !s.isBlank())
                .collect(Collectors.toList());
        GankitKernel kernel = new GankitKernel(classpath);
        kernel.startEvaluator(Path.of("").toAbsolutePath());
        JupyterConnection connection = new JupyterConnection(properties);
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        kernel.onStartup();
        connection.waitUntilClose();
        // Library threads (DJL, AWT) may not be daemons; the kernel's life ends with the
        // connection.
        System.exit(0);
    }
}
