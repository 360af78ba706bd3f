// Scores the same stacked-MNIST samples with the former and the current judge
// (docs/mode-collapse.md,
// "At this budget the judge is part of the number"). It needs lab.MnistClassifier, removed after
// commit a737247: build that commit's jar (git worktree at a737247, ./mvnw -q -DskipTests package)
// and
// cache the current MNIST classifier first (./gankit classify --build --datasets mnist), then
//   javac -d /tmp/tj -cp "OLD/lib/gankit.jar:lib/*" scripts/TwoJudges.java
//   java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -cp
// "/tmp/tj:OLD/lib/gankit.jar:lib/*" \
//        TwoJudges DCGAN:1 DCGAN:2 ... PacDCGAN2:5
// Each model:seed is trained exactly as ModeBenchmark.runStacked trains it (about 3-4 minutes).
// The former judge is retrained into $TMPDIR/gankit-former-judge; the data folder is $GANKIT_DATA.
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import io.gankit.data.*;
import io.gankit.lab.*;
import io.gankit.metrics.DomainClassifier;
import io.gankit.metrics.Features;
import io.gankit.metrics.Quantization;
import io.gankit.nn.ModelSpec;
import io.gankit.train.GanTrainer;
import io.gankit.train.TrainConfig;

import java.nio.file.Path;
import java.util.SplittableRandom;

/** Old jar: trains the stacked-MNIST models as ModeBenchmark.runStacked does and scores the same samples with both judges. */
public class TwoJudges {
    public static void main(String[] a) throws Exception {
        io.gankit.engine.Engines.ensure();
        DataFolder f = DataFolder.resolve(null).offline(); // $GANKIT_DATA
        ImageSet mnist = Datasets.load("mnist", Datasets.Split.TRAIN, f);
        ImageSet test = Datasets.load("mnist", Datasets.Split.TEST, f);
        ModeBenchmark.Settings s = ModeBenchmark.Settings.full();
        try (NDManager manager = NDManager.newBaseManager();
                MnistClassifier oldJudge = MnistClassifier.trainOrLoad(
                        f,
                        Path.of(System.getProperty("java.io.tmpdir"), "gankit-former-judge"),
                        manager);
                DomainClassifier newJudge = DomainClassifier.load(
                        Path.of(
                                System.getProperty("user.home"),
                                ".gankit/cache/domain/mnist-cnn.params"),
                        "mnist-cnn",
                        10)) {
            System.out.printf(
                    "old judge %.2f%%, new judge %.2f%%%n",
                    100 * oldJudge.accuracy(test), 100 * newJudge.accuracy(test));
            ImageSet stacked = StackedMnist.create(mnist, s.stackedImages(), 2017);
            for (String which : a) {
                String[] p = which.split(":");
                ModeBenchmark.Model model = ModeBenchmark.find(ModeBenchmark.STACKED_MODELS, p[0]);
                long seed = Long.parseLong(p[1]);
                ModelSpec spec = new ModelSpec(model.architecture(), 100, 3, 28, 28, 0);
                int batch = s.stackedBatch() * model.batchScale();
                int epochs = (int)
                        Math.min(Integer.MAX_VALUE, s.stackedSteps() * batch / stacked.size() + 1);
                TrainConfig config = TrainConfig.builder()
                        .setDataset("stacked-mnist")
                        .setModel(spec)
                        .optLoss("non-saturating")
                        .optBatchSize(batch)
                        .optCriticSteps(1)
                        .optGradientPenalty(0)
                        .optLearningRate(2e-4)
                        .optBetas(0.5, 0.999)
                        .optSeed(seed)
                        .optEpochs(epochs)
                        .optMaxSteps(s.stackedSteps())
                        .optCheckpointEvery(0)
                        .build();
                try (NDManager m = manager.newSubManager();
                        GanTrainer trainer = GanTrainer.create(config, stacked, m)) {
                    trainer.fit();
                    int[] oldCounts = new int[1000], newCounts = new int[1000];
                    int agree = 0, channels = 0;
                    int[] oldDigits = new int[10], newDigits = new int[10];
                    SplittableRandom random = new SplittableRandom(~seed);
                    for (int done = 0; done < s.stackedScored(); done += 500) {
                        int n = Math.min(500, s.stackedScored() - done);
                        try (NDManager scope = m.newSubManager()) {
                            NDArray images = trainer.gan()
                                    .generate(trainer.gan().latent(scope, n, random), false);
                            int[] part = StackedMnist.score(images, oldJudge).counts();
                            int[][] od = new int[3][], nd = new int[3][];
                            for (int c = 0; c < 3; c++) {
                                NDArray ch = images.get(":, " + c + ":" + (c + 1) + ", :, :");
                                od[c] = oldJudge.predict(ch);
                                Features pr = newJudge.probabilities(Quantization.fromSigned(ch));
                                nd[c] = new int[n];
                                for (int i = 0; i < n; i++) {
                                    int best = 0;
                                    for (int j = 1; j < 10; j++)
                                        if (pr.values()[i * 10 + j] > pr.values()[i * 10 + best])
                                            best = j;
                                    nd[c][i] = best;
                                    if (best == od[c][i]) agree++;
                                    oldDigits[od[c][i]]++;
                                    newDigits[best]++;
                                    channels++;
                                }
                            }
                            for (int i = 0; i < n; i++)
                                newCounts[nd[0][i] * 100 + nd[1][i] * 10 + nd[2][i]]++;
                            for (int k = 0; k < 1000; k++) oldCounts[k] += part[k];
                        }
                    }
                    ModeScore o = new ModeScore(oldCounts, s.stackedScored()),
                            nn = new ModeScore(newCounts, s.stackedScored());
                    System.out.printf(
                            "%s seed %d: old judge %d modes KL %.3f | new judge %d modes KL %.3f | digit agreement %.1f%%%n",
                            p[0],
                            seed,
                            o.modesCovered(),
                            o.reverseKl(),
                            nn.modesCovered(),
                            nn.reverseKl(),
                            100.0 * agree / channels);
                    System.out.println("   digits, old judge "
                            + java.util.Arrays.toString(oldDigits) + "\n   digits, new judge "
                            + java.util.Arrays.toString(newDigits));
                }
            }
        }
    }
}
