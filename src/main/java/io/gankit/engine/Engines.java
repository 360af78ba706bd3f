package io.gankit.engine;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

import io.gankit.GankitException;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Starts the engine the same way wherever the kit runs (the command line, the bench, the notebook
 * kernel, worker processes, tests), once per JVM:
 *
 * <ol>
 *   <li>threads: one inter-op thread (the kit runs one step at a time; the engine's default pool of
 *       inter-op threads only competes with the intra-op ones for the cores) and {@code GANKIT_THREADS}
 *       intra-op threads when set, else the engine's default (one per core);</li>
 *   <li>libtorch's warnings off the kit's output (unless {@code TORCH_CPP_LOG_LEVEL} is set);</li>
 *   <li>the {@link SelfCheck}: when the engine's convolution gradients are wrong on this CPU, the
 *       next {@link ConvRoute} is tried until the check passes, and one line says which is in
 *       force; when none passes, {@link EngineFaultException} says what is wrong. Never a silent
 *       wrong gradient.</li>
 * </ol>
 *
 * {@code GANKIT_CONV_ROUTE=direct|padded|no-onednn} forces a route (it is still checked).
 */
public final class Engines {
    /** DJL's property for PyTorch's intra-op threads. */
    public static final String THREADS = "ai.djl.pytorch.num_threads";
    /** DJL's property for PyTorch's inter-op threads. */
    public static final String INTEROP_THREADS = "ai.djl.pytorch.num_interop_threads";
    /** The kit's variable for intra-op threads. */
    public static final String THREADS_ENV = "GANKIT_THREADS";
    /** The variable that forces a convolution route. */
    public static final String ROUTE_ENV = "GANKIT_CONV_ROUTE";

    private static volatile EngineStatus status;
    /** A failed start, kept so that every later use says the same instead of training on. */
    private static volatile EngineFaultException failure;

    private Engines() {}

    /** Starts and checks the engine if this JVM has not yet; the status either way. */
    public static EngineStatus ensure() {
        EngineStatus s = status;
        if (s != null) {
            return s;
        }
        synchronized (Engines.class) {
            if (failure != null) {
                throw failure;
            }
            if (status == null) {
                try {
                    status = start(System.err);
                } catch (EngineFaultException e) {
                    failure = e;
                    throw e;
                }
            }
            return status;
        }
    }

    /** The convolution route in force; starts the engine first if nothing has. */
    static ConvRoute convRoute() {
        EngineStatus s = status;
        if (s != null) {
            return s.route();
        }
        if (failure == null && JniUtils.isGradMode()) {
            // The check needs a gradient collector of its own, and DJL allows one at a time.
            throw new GankitException(
                    "a convolution ran under a gradient collector before the engine was checked; "
                            + "call io.gankit.engine.Engines.ensure() before training (the kit's commands, kernel and Gan.create do)");
        }
        return ensure().route();
    }

    /**
     * Asks for {@code threads} intra-op threads (0: the engine's default) unless the user chose
     * ({@code GANKIT_THREADS} or the property); effective only before the engine starts.
     */
    public static void preferThreads(int threads) {
        threadDefaults();
        if (threads > 0 && System.getProperty(THREADS) == null) {
            System.setProperty(THREADS, Integer.toString(threads));
        }
    }

    /** Sets the thread defaults as system properties, where the user has not set them. */
    static void threadDefaults() {
        String threads = System.getenv(THREADS_ENV);
        if (threads != null && !threads.isBlank() && System.getProperty(THREADS) == null) {
            System.setProperty(THREADS, threads.strip());
        }
        if (System.getProperty(INTEROP_THREADS) == null) {
            System.setProperty(INTEROP_THREADS, "1");
        }
    }

    private static EngineStatus start(PrintStream log) {
        threadDefaults();
        Engine engine = Engine.getEngine("PyTorch");
        try {
            LibTorch.quietWarnings();
        } catch (UnsupportedOperationException e) {
            // warnings stay on; nothing else depends on it
        }
        Cpu cpu = Cpu.current();
        List<SelfCheck.Report> checks = new ArrayList<>();
        ConvRoute route = choose(
                forcedRoute(), SelfCheck::run, () -> LibTorch.setOneDnnEnabled(false), checks);
        EngineStatus s = new EngineStatus(
                cpu,
                engine.getEngineName() + " " + engine.getVersion(),
                JniUtils.getNumThreads(),
                JniUtils.getNumInteropThreads(),
                route,
                List.copyOf(checks));
        if (!s.workaroundLine().isEmpty()) {
            log.println(s.workaroundLine());
        }
        return s;
    }

    /**
     * Checks the routes in order (or only the forced one) with {@code check} and returns the first
     * that passes, adding each report to {@code checks}; {@code disableOneDnn} runs before the
     * route that needs it.
     */
    static ConvRoute choose(
            ConvRoute forced,
            Function<ConvRoute, SelfCheck.Report> check,
            Runnable disableOneDnn,
            List<SelfCheck.Report> checks) {
        List<ConvRoute> order = forced != null ? List.of(forced) : List.of(ConvRoute.values());
        for (ConvRoute route : order) {
            if (route == ConvRoute.NO_ONEDNN) {
                try {
                    disableOneDnn.run();
                } catch (UnsupportedOperationException e) {
                    break;
                }
            }
            SelfCheck.Report report = check.apply(route);
            checks.add(report);
            if (report.ok()) {
                return route;
            }
            if (!report.onlyConvolutionsFail()) {
                break; // a linear or batch-norm fault: no convolution route mends it
            }
        }
        throw new EngineFaultException(faultMessage(checks));
    }

    static String faultMessage(List<SelfCheck.Report> checks) {
        String tried = checks.stream()
                .map(r -> r.route().key() + ": "
                        + r.failures().stream()
                                .map(SelfCheck.Finding::line)
                                .collect(Collectors.joining("; ")))
                .collect(Collectors.joining("\n  "));
        return "the engine computes wrong float32 gradients on this CPU ("
                + Cpu.current().describe()
                + ") and no workaround of the kit mends them:\n  " + tried
                + "\nTry limiting oneDNN's instruction set before starting (export ONEDNN_MAX_CPU_ISA=AVX; AVX2 was not enough on an AMD EPYC), "
                + "then run ./gankit doctor; training on wrong gradients is refused.";
    }

    private static ConvRoute forcedRoute() {
        String value = System.getenv(ROUTE_ENV);
        if (value == null || value.isBlank()) {
            return null;
        }
        ConvRoute route = ConvRoute.byKey(value.strip().toLowerCase(Locale.ROOT));
        if (route == null) {
            throw new GankitException(ROUTE_ENV + "=" + value
                    + " is not a route; expected direct, padded or no-onednn");
        }
        return route;
    }

    /**
     * Runs {@code work} with convolutions on {@code route} instead of the chosen one, then restores
     * the chosen route. For the bench, which times the routes against each other: a route the
     * self-check failed computes wrong values here, so nothing but timing may use it.
     */
    public static <T> T withRoute(ConvRoute route, Supplier<T> work) {
        synchronized (Engines.class) {
            EngineStatus chosen = ensure();
            status = new EngineStatus(
                    chosen.cpu(),
                    chosen.engine(),
                    chosen.threads(),
                    chosen.interopThreads(),
                    route,
                    chosen.checks());
            LibTorch.setOneDnnEnabled(route != ConvRoute.NO_ONEDNN);
            try {
                return work.get();
            } finally {
                status = chosen;
                LibTorch.setOneDnnEnabled(chosen.route() != ConvRoute.NO_ONEDNN);
            }
        }
    }

    /** libtorch's build configuration ({@code torch.__config__.show()}), where it can be read. */
    public static String engineConfig() {
        ensure();
        return LibTorch.config().orElse("(libtorch's build configuration could not be read)");
    }

    /** Whether oneDNN is enabled for the engine now. */
    public static boolean oneDnnEnabled() {
        ensure();
        return LibTorch.oneDnnEnabled();
    }
}
