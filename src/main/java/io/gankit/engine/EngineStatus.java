package io.gankit.engine;

import java.util.List;
import java.util.Locale;

/**
 * How the engine was started in this JVM: the processor, the engine and its threads, what the
 * self-check found with each convolution route tried (in order), and the route the kit uses.
 */
public record EngineStatus(
        Cpu cpu,
        String engine,
        int threads,
        int interopThreads,
        ConvRoute route,
        List<SelfCheck.Report> checks) {
    /** The check of the chosen route (the last one tried). */
    public SelfCheck.Report finalCheck() {
        return checks.get(checks.size() - 1);
    }

    /** The first check, with the engine as it came: what the CPU does without any workaround. */
    public SelfCheck.Report firstCheck() {
        return checks.get(0);
    }

    /** Seconds all checks took. */
    public double checkSeconds() {
        return checks.stream().mapToDouble(SelfCheck.Report::seconds).sum();
    }

    /** The one line said when a workaround is in force; empty when the engine was right as it came. */
    public String workaroundLine() {
        if (firstCheck().ok()) {
            return route == ConvRoute.DIRECT
                    ? ""
                    : "gankit: convolutions run with " + route.description() + " ("
                            + Engines.ROUTE_ENV + ")";
        }
        List<SelfCheck.Finding> bad = firstCheck().failures();
        String worst = bad.size() + " of " + firstCheck().findings().size() + " probes wrong, e.g. "
                + bad.get(0).probe()
                + String.format(Locale.ROOT, " (rel. error %.3g)", bad.get(0).worstError());
        return "gankit: the engine's convolution gradients are wrong on this CPU (" + cpu.model()
                + "; " + worst
                + "); convolutions now run with " + route.description()
                + " and the self-check passes"
                + " (./gankit doctor for details)";
    }
}
