package io.gankit.data;

import io.gankit.BadInputException;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * The named image data sets of the kit, read from a {@link DataFolder}: {@code mnist} and
 * {@code fashion-mnist} (28x28 grayscale, 10 classes; 60,000 training and 10,000 test images),
 * {@code cifar10} (3x32x32 colour, 10 classes; 50,000 training and 10,000 test images, or the first
 * 1,000 test images from the kit's partial copy: see {@link Cifar10}).
 */
public final class Datasets {
    /** The names {@link #load} accepts. */
    public static final List<String> NAMES = List.of("mnist", "fashion-mnist", "cifar10");

    private static final List<String> DIGITS =
            List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    private static final List<String> FASHION = List.of(
            "T-shirt/top",
            "Trouser",
            "Pullover",
            "Dress",
            "Coat",
            "Sandal",
            "Shirt",
            "Sneaker",
            "Bag",
            "Ankle boot");

    private static final List<String> MNIST_URLS = List.of(
            "https://ossci-datasets.s3.amazonaws.com/mnist/",
            "https://storage.googleapis.com/cvdf-datasets/mnist/");
    private static final List<String> FASHION_URLS =
            List.of("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/");

    private Datasets() {}

    /** Which part of a data set to read. */
    public enum Split {
        TRAIN,
        TEST
    }

    /**
     * Reads a data set by name.
     *
     * @param name one of {@link #NAMES}
     */
    public static ImageSet load(String name, Split split, DataFolder folder) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "mnist" -> idx("mnist", split, folder, MNIST_URLS, DIGITS, MNIST_SHA256);
            case "fashion-mnist", "fashion_mnist", "fashionmnist" ->
                idx("fashion-mnist", split, folder, FASHION_URLS, FASHION, FASHION_SHA256);
            case "cifar10", "cifar-10" -> Cifar10.load(split, folder);
            default ->
                throw new BadInputException(
                        "data set '" + name + "' is unknown; expected one of " + NAMES);
        };
    }

    /** The official files of a named data set (for a download ahead of time, or a checksum check). */
    public static List<RemoteFile> files(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "mnist" -> remoteFiles("mnist", MNIST_URLS, MNIST_SHA256);
            case "fashion-mnist" -> remoteFiles("fashion-mnist", FASHION_URLS, FASHION_SHA256);
            case "cifar10", "cifar-10" -> List.of(Cifar10.ARCHIVE);
            default ->
                throw new BadInputException(
                        "data set '" + name + "' is unknown; expected one of " + NAMES);
        };
    }

    private static final String[] IDX_FILES = {
        "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
        "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"
    };

    // SHA-256 of the official .gz files, in the order of IDX_FILES.
    private static final String[] MNIST_SHA256 = {
        "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
        "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
        "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
        "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"
    };
    private static final String[] FASHION_SHA256 = {
        "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
        "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
        "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073",
        "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5"
    };

    private static List<RemoteFile> remoteFiles(String dir, List<String> bases, String[] sha) {
        return IntStream.range(0, IDX_FILES.length)
                .mapToObj(i -> new RemoteFile(
                        dir + "/" + IDX_FILES[i],
                        bases.stream().map(b -> b + IDX_FILES[i]).toList(),
                        sha[i]))
                .toList();
    }

    private static ImageSet idx(
            String dir,
            Split split,
            DataFolder folder,
            List<String> bases,
            List<String> classes,
            String[] sha) {
        List<RemoteFile> files = remoteFiles(dir, bases, sha);
        int first = split == Split.TRAIN ? 0 : 2;
        Path imagesFile = folder.fetch(files.get(first));
        Path labelsFile = folder.fetch(files.get(first + 1));
        Idx.Images images = Idx.readImages(imagesFile);
        int[] labels = Idx.readLabels(labelsFile, classes.size());
        if (labels.length != images.count()) {
            throw new BadInputException(labelsFile + ": " + labels.length + " labels; expected "
                    + images.count() + ", one per image of " + imagesFile);
        }
        String name = dir + (split == Split.TRAIN ? "-train" : "-test");
        return ImageSet.create(
                name, images.pixels(), labels, 1, images.rows(), images.cols(), classes);
    }
}
