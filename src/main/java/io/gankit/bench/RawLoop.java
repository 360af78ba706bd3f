package io.gankit.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;

import io.gankit.data.ImageSet;
import io.gankit.loss.GanLoss;
import io.gankit.loss.Losses;
import io.gankit.nn.Gan;
import io.gankit.nn.ModelSpec;

import java.util.SplittableRandom;

/**
 * The reference the kit's trainer is measured against: the seed's step written directly on DJL
 * (GradientCollector, DJL's own Adam, a sub-manager per step), with none of the kit's bookkeeping.
 * Like the seed's PyTorch code, it lets the G step compute D's gradients and zeroes them after.
 */
final class RawLoop implements AutoCloseable {
    private final NDManager manager;
    private final Gan gan;
    private final ImageSet data;
    private final int batch;
    private final Optimizer adamD;
    private final Optimizer adamG;
    private final GanLoss loss = Losses.nonSaturating();
    private final SplittableRandom random = new SplittableRandom(1);

    RawLoop(ModelSpec spec, ImageSet data, int batch) {
        this.manager = NDManager.newBaseManager();
        this.gan = Gan.create(spec, manager, 1);
        this.data = data;
        this.batch = batch;
        this.adamD = Optimizer.adam()
                .optLearningRateTracker(Tracker.fixed(2e-4f))
                .optBeta1(0.5f)
                .optBeta2(0.999f)
                .build();
        this.adamG = Optimizer.adam()
                .optLearningRateTracker(Tracker.fixed(2e-4f))
                .optBeta1(0.5f)
                .optBeta2(0.999f)
                .build();
    }

    void step() {
        try (NDManager scope = manager.newSubManager()) {
            int[] idx = random.ints(batch, 0, data.size()).toArray();
            NDArray real = data.batch(scope, idx);
            NDArray z = gan.latent(scope, batch, random);
            NDArray fake;
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                fake = gan.generate(z, true);
                NDArray d = loss.discriminatorLoss(
                        gan.discriminate(real, true), gan.discriminate(fake.stopGradient(), true));
                c.backward(d);
                d.getFloat();
            }
            update(adamD, gan.discriminator());
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray g = loss.generatorLoss(gan.discriminate(fake, true));
                c.backward(g);
                g.getFloat();
            }
            update(adamG, gan.generator());
            zero(gan.discriminator());
        }
    }

    private static void update(Optimizer optimizer, Block block) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (!p.getValue().requiresGradient()) {
                continue; // batch-norm running statistics
            }
            NDArray w = p.getValue().getArray();
            try (NDArray grad = w.getGradient()) {
                optimizer.update(p.getValue().getId(), w, grad);
            }
        }
    }

    private static void zero(Block block) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                JniUtils.zeroGrad((PtNDArray) p.getValue().getArray());
            }
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
