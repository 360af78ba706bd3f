// The domain classifier's seeded training as exact bits, to prove a change of its training loop
// leaves the cached classifiers' recipe (ClassifyCommand --build, DomainClassifier.cached) as it
// was:
//   java -cp "lib/*" -Dai.djl.offline=true scripts/ClassifierFingerprint.java before.txt   (old
// build)
//   java -cp "lib/*" -Dai.djl.offline=true scripts/ClassifierFingerprint.java after.txt    (new
// build)
//   cmp before.txt after.txt
// Trains by epochs (the recipe's API) on the first images of MNIST in $GANKIT_DATA (default
// ../shared/data): 1,024 images x 3 epochs (the recipe's Adam restart at a tenth of the rate),
// 1,000 x 2 (a partial batch dropped each epoch), 300 x 1; prints the SHA-256 of each saved
// parameter file and of the probabilities of 256 test images. Compare on one machine: other CPUs
// round differently.
import ai.djl.ndarray.NDManager;

import io.gankit.data.*;
import io.gankit.metrics.*;

import java.nio.ByteBuffer;
import java.nio.file.*;
import java.security.MessageDigest;
import java.util.HexFormat;

public class ClassifierFingerprint {
    public static void main(String[] a) throws Exception {
        DataFolder f = DataFolder.of(
                        Path.of(System.getenv().getOrDefault("GANKIT_DATA", "../shared/data")))
                .offline();
        ImageSet mnist = Datasets.load("mnist", Datasets.Split.TRAIN, f);
        ImageSet test = Datasets.load("mnist", Datasets.Split.TEST, f).limit(256);
        int[][] cases = {{1024, 3, 1}, {1000, 2, 5}, {300, 1, 2}}; // images, epochs, seed
        StringBuilder sb = new StringBuilder();
        Path tmp = Files.createTempDirectory("fingerprint");
        for (int[] c : cases) {
            Path file = tmp.resolve("c.params");
            try (DomainClassifier dc =
                            DomainClassifier.train("fp", mnist.limit(c[0]), c[1], c[2], null);
                    NDManager m = NDManager.newBaseManager()) {
                dc.save(file);
                float[] p = dc.probabilities(test.uint8(m)).values();
                ByteBuffer bytes = ByteBuffer.allocate(4 * p.length);
                bytes.asFloatBuffer().put(p);
                sb.append(String.format(
                        "%d images x %d epochs, seed %d: params %s probabilities %s%n",
                        c[0],
                        c[1],
                        c[2],
                        dc.sha256(),
                        HexFormat.of()
                                .formatHex(MessageDigest.getInstance("SHA-256")
                                        .digest(bytes.array()))));
            }
            Files.delete(file);
        }
        Files.delete(tmp);
        Files.writeString(Path.of(a[0]), sb.toString());
        System.out.print(sb);
    }
}
