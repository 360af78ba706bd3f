package io.gankit.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.gankit.bench.SeedBench;
import io.gankit.data.DataFolder;
import java.nio.file.Path;

/** {@code ./gankit bench}: speed and memory of the kit's trainer, beside a raw DJL loop and PyTorch. */
public final class BenchCommand implements Command {
    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        return "steps/s of the seed MNIST GAN (kit trainer, raw DJL loop, PyTorch peer) and resident memory";
    }

    @Override
    public String usage() {
        return """
                usage: ./gankit bench [flags]
                Times the seed's MNIST GAN step after warm-up: the kit's trainer, a raw DJL loop and, where
                Python PyTorch is installed (Debian: apt-get install python3-torch), the seed's PyTorch loop,
                all in this one run at the same thread count; then resident memory over a long run.

                  --steps N         timed steps per contender (default 300)
                  --warmup N        untimed steps first (default 30)
                  --rounds N        alternate the contenders N times, report the median (default 3)
                  --batch N         batch size (default 128, the seed's)
                  --memory-steps N  steps of the memory run, RSS printed at intervals (default 5000; 0 skips)
                  --python PATH     Python with torch for the peer (default /usr/bin/python3)
                  --no-peer         skip the PyTorch peer
                  --data DIR        data folder with MNIST (default $GANKIT_DATA; random images if absent)
                """;
    }

    @Override
    public int run(Args args) throws Exception {
        SeedBench.Settings settings = new SeedBench.Settings(args.integer("steps", 300), args.integer("warmup", 30),
                args.integer("rounds", 3), args.integer("batch", 128), args.integer("memory-steps", 5000),
                args.flag("no-peer") ? null : Path.of(args.string("python", "/usr/bin/python3")),
                DataFolder.resolve(args.path("data", null)));
        args.rejectUnknown();
        new SeedBench(settings, System.out).run();
        return 0;
    }
}
