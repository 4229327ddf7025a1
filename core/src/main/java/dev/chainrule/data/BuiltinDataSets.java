package dev.chainrule.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The built-in data sets: {@code digits} (embedded, see {@link BuiltinDigits}), {@code mnist} and
 * {@code fashion-mnist} (IDX files, found or downloaded by {@link DataLocator}).
 */
public final class BuiltinDataSets {
    /** The built-in names, the embedded default first. */
    public static final List<String> NAMES = List.of("digits", "mnist", "fashion-mnist");

    /**
     * Fashion-MNIST (Zalando Research, MIT licence): 60,000 + 10,000 28x28 images of 10 kinds of
     * article. Sums computed from Debian's {@code dataset-fashion-mnist} files; contents match
     * Zalando's originals.
     */
    public static final IdxDataSet FASHION_MNIST = new IdxDataSet("fashion-mnist",
            List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"),
            Path.of("/usr/share/datasets/fashion-mnist"),
            "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
            List.of(new IdxDataSet.KnownFile("train-images-idx3-ubyte",
                            "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7",
                            "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888"),
                    new IdxDataSet.KnownFile("train-labels-idx1-ubyte",
                            "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056",
                            "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9"),
                    new IdxDataSet.KnownFile("t10k-images-idx3-ubyte",
                            "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa",
                            "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b"),
                    new IdxDataSet.KnownFile("t10k-labels-idx1-ubyte",
                            "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05",
                            "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34")),
            "install it with `apt-get install dataset-fashion-mnist` (puts it in /usr/share/datasets/fashion-mnist)");

    /**
     * MNIST (Y. LeCun, C. Cortes, C. Burges): 60,000 + 10,000 28x28 handwritten digits. The
     * published SHA-256 sums of the {@code .gz} files and of their contents; downloaded from the
     * mirror PyTorch uses.
     */
    public static final IdxDataSet MNIST = new IdxDataSet("mnist",
            List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
            Path.of("/usr/share/datasets/mnist"),
            "https://ossci-datasets.s3.amazonaws.com/mnist/",
            List.of(new IdxDataSet.KnownFile("train-images-idx3-ubyte",
                            "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
                            "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
                    new IdxDataSet.KnownFile("train-labels-idx1-ubyte",
                            "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
                            "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
                    new IdxDataSet.KnownFile("t10k-images-idx3-ubyte",
                            "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
                            "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
                    new IdxDataSet.KnownFile("t10k-labels-idx1-ubyte",
                            "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
                            "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2")),
            "put the four MNIST files (train-images-idx3-ubyte.gz, ...) in one of those folders");

    private BuiltinDataSets() {
    }

    /**
     * The IDX data set of that name, if it is one.
     *
     * @param name the name
     * @return the IDX data set of that name, if it is one
     */
    public static Optional<IdxDataSet> idx(String name) {
        if (FASHION_MNIST.name().equals(name)) {
            return Optional.of(FASHION_MNIST);
        }
        if (MNIST.name().equals(name)) {
            return Optional.of(MNIST);
        }
        return Optional.empty();
    }
}
