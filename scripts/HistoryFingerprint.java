// Seeded training histories as exact bits, to prove a refactor of the trainer changes no result:
//   java -cp "lib/*" -Dai.djl.offline=true scripts/HistoryFingerprint.java before.txt   (old build)
//   java -cp "lib/*" -Dai.djl.offline=true scripts/HistoryFingerprint.java after.txt    (new build)
//   cmp before.txt after.txt
// Runs the seed's MNIST GAN (30 steps), the conditional GAN (20), WGAN-GP and clipped WGAN (10
// each)
// on the first 4,096 MNIST images of $GANKIT_DATA (default ../shared/data). Compare on one machine:
// other CPUs round differently.
import ai.djl.ndarray.*;

import io.gankit.data.*;
import io.gankit.nn.*;
import io.gankit.train.*;

import java.nio.file.*;

public class HistoryFingerprint {
    public static void main(String[] a) throws Exception {
        DataFolder f = DataFolder.of(
                        Path.of(System.getenv().getOrDefault("GANKIT_DATA", "../shared/data")))
                .offline();
        ImageSet mnist = Datasets.load("mnist", Datasets.Split.TRAIN, f).limit(4096);
        Object[][] cases = {
            {
                "gan",
                TrainConfig.builder()
                        .setDataset("mnist")
                        .optBatchSize(64)
                        .optSeed(7)
                        .optMaxSteps(30)
                        .optEpochs(5)
                        .build()
            },
            {
                "cgan",
                TrainConfig.builder()
                        .setDataset("mnist")
                        .setModel(new ModelSpec("conditional-mlp", 100, 1, 28, 28, 10))
                        .optBatchSize(64)
                        .optSeed(7)
                        .optMaxSteps(20)
                        .optEpochs(5)
                        .build()
            },
            {
                "wgangp",
                TrainConfig.builder()
                        .setDataset("mnist")
                        .optLoss("wasserstein")
                        .optGradientPenalty(10)
                        .optCriticSteps(5)
                        .optBatchSize(32)
                        .optSeed(7)
                        .optMaxSteps(10)
                        .optEpochs(5)
                        .build()
            },
            {
                "wgan-clip",
                TrainConfig.builder()
                        .setDataset("mnist")
                        .optLoss("wasserstein")
                        .optClip(0.01)
                        .optCriticSteps(5)
                        .optBatchSize(32)
                        .optSeed(7)
                        .optMaxSteps(10)
                        .optEpochs(5)
                        .build()
            },
        };
        StringBuilder sb = new StringBuilder();
        for (Object[] c : cases) {
            try (NDManager m = NDManager.newBaseManager();
                    GanTrainer<GanGame> t = GanTrainer.create((TrainConfig) c[1], mnist, m)) {
                for (int i = 0; i < ((TrainConfig) c[1]).maxSteps(); i++) {
                    StepRecord r = t.step();
                    sb.append(c[0])
                            .append(' ')
                            .append(r.step())
                            .append(' ')
                            .append(bits(r))
                            .append('\n');
                }
            }
        }
        Files.writeString(Path.of(a[0]), sb.toString());
    }
    // The four GAN measures as exact bits, in the order the first fingerprints were taken in.
    static String bits(StepRecord r) {
        StringBuilder b = new StringBuilder();
        for (String m : GanGame.MEASURES) {
            if (b.length() > 0) b.append(' ');
            b.append(Double.doubleToLongBits(r.value(m)));
        }
        return b.toString();
    }
}
