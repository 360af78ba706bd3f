package io.gankit.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.gankit.bench.GanBench;
import io.gankit.bench.FrechetBenchmark;
import io.gankit.bench.LayerBench;
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
        return "steps/s of a GAN step (kit trainer, raw DJL loop, PyTorch), resident memory; FID and layer timings";
    }

    @Override
    public String usage() {
        return """
                usage: ./gankit bench [flags]
                Times a GAN training step after warm-up: the kit's trainer, a raw DJL loop and, where
                Python PyTorch is installed (Debian: apt-get install python3-torch), the same step in
                PyTorch, all in this one run at the same thread count; then resident memory over a long
                run. Threads: GANKIT_THREADS. Run it on an otherwise idle machine.

                  --model NAME      mlp (the seed's MNIST GAN) | cifar-seed | dcgan | all (default mlp)
                  --steps N         timed steps per contender (default 300)
                  --warmup N        untimed steps first (default 100)
                  --rounds N        alternate the contenders N times, report the median (default 5)
                  --batch N         batch size (default: mlp 128, cifar-seed 32, dcgan 64)
                  --memory-steps N  steps of the memory run, RSS printed at intervals (default 5000; 0 skips)
                  --memory-wgan-gp  the memory run trains the seed's networks as WGAN-GP (5 critic steps, lambda 10)
                  --python PATH     Python with torch for the peer (default /usr/bin/python3)
                  --no-peer         skip the PyTorch peer
                  --data DIR        data folder with MNIST / CIFAR-10 (default $GANKIT_DATA; random images if absent)
                  --frechet         instead: the Frechet distance of 10,000 x 2048 features, time per route
                  --layers          instead: upsample x2 and zero-pad, the kit's layers vs plain DJL routes
                  --routes          instead: the raw step of each convolutional model (or --model) under every
                                    convolution route (direct, padded, no-onednn), beside the self-check's verdict
                """;
    }

    @Override
    public int run(Args args) throws Exception {
        if (args.flag("frechet")) {
            args.rejectUnknown();
            FrechetBenchmark.run(FrechetBenchmark.DEFAULT_N, FrechetBenchmark.DEFAULT_D, 1, false, System.out);
            return 0;
        }
        if (args.flag("layers")) {
            args.rejectUnknown();
            LayerBench.main(new String[0]);
            return 0;
        }
        if (args.flag("routes")) {
            String model = args.string("model", "all");
            int steps = args.integer("steps", 20);
            int warmup = args.integer("warmup", 5);
            int rounds = args.integer("rounds", 5);
            int batch = args.integer("batch", 0);
            DataFolder data = DataFolder.resolve(args.path("data", null));
            args.rejectUnknown();
            for (String m : model.equals("all") ? java.util.List.of("cifar-seed", "dcgan") : java.util.List.of(model)) {
                new GanBench(new GanBench.Settings(m, steps, warmup, rounds, batch, 0, false, null, data), System.out).routes();
                System.out.println();
            }
            return 0;
        }
        String model = args.string("model", "mlp");
        int steps = args.integer("steps", 300);
        int warmup = args.integer("warmup", 100);
        int rounds = args.integer("rounds", 5);
        int batch = args.integer("batch", 0);
        int memorySteps = args.integer("memory-steps", 5000);
        boolean memoryWganGp = args.flag("memory-wgan-gp");
        Path python = args.flag("no-peer") ? null : Path.of(args.string("python", "/usr/bin/python3"));
        DataFolder data = DataFolder.resolve(args.path("data", null));
        args.rejectUnknown();
        for (String m : model.equals("all") ? java.util.List.of("mlp", "cifar-seed", "dcgan") : java.util.List.of(model)) {
            new GanBench(new GanBench.Settings(m, steps, warmup, rounds, batch, m.equals("mlp") ? memorySteps : 0,
                    memoryWganGp, python, data), System.out).run();
            System.out.println();
        }
        return 0;
    }
}
