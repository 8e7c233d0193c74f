package dev.atelier.ganvae.cli;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.progress.ProgressListener;
import dev.atelier.ganvae.data.CaptionEmbeddings;
import dev.atelier.ganvae.data.ImageSources;
import dev.atelier.ganvae.data.ShapesTextData;
import dev.atelier.ganvae.data.TrainingData;
import dev.atelier.ganvae.model.ImageSpec;
import dev.atelier.ganvae.text.PromptEncoder;
import dev.atelier.vision.mnist.Mnist;
import dev.atelier.vision.shapes.Scene;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** Where training images come from: exactly one of a folder, IDX files, MNIST, or the Shapes captions. */
final class DataOptions {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--images", paramLabel = "DIR",
                description = "A folder of images (PNG, JPEG, BMP, GIF, TIFF, WebP…), searched recursively; "
                        + "unreadable files are skipped with a warning. Unconditional.")
        Path folder;

        @Option(names = "--idx", paramLabel = "FILE",
                description = "An IDX image file (MNIST format, .gz allowed). Add --idx-labels to condition on classes.")
        Path idx;

        @Option(names = "--mnist", paramLabel = "DIR",
                description = "A folder with the four MNIST files: trains class-conditionally on the 60,000 training digits.")
        Path mnist;

        @Option(names = "--shapes", description = "Text to image on the Shapes TRAIN split, conditioned on the "
                + "embedding of each scene's caption (see --text-encoder).")
        boolean shapes;
    }

    @Option(names = "--text-encoder", defaultValue = "minilm", paramLabel = "minilm|CLIP_DIR",
            description = "Text encoder of the --shapes captions: minilm (all-MiniLM-L6-v2) or a CLIP model folder "
                    + "(e.g. models/shapes-clip-scratch), whose text tower is used and copied into the run. "
                    + "Default: ${DEFAULT-VALUE}.")
    String textEncoder;

    @Option(names = "--idx-labels", paramLabel = "FILE", description = "IDX label file for --idx (class-conditional).")
    Path idxLabels;

    @Option(names = "--size", defaultValue = "64", description = "Image size for --images (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--channels", defaultValue = "3", description = "1 (grey) or 3 (RGB) for --images (default: ${DEFAULT-VALUE}).")
    int channels;

    @Option(names = "--scenes", defaultValue = "20000", description = "Shapes scenes to train on (default: ${DEFAULT-VALUE}).")
    int scenes;

    @Option(names = "--data-seed", defaultValue = "1", description = "Seed of the Shapes dataset (default: ${DEFAULT-VALUE}).")
    long dataSeed;

    @Option(names = "--embed", defaultValue = "0",
            description = "Size the condition is compressed to (default: 128 for text, 16 for classes).")
    int embed;

    TrainingData load(Path cacheDir, ProgressListener listener) {
        if (source.folder != null) {
            return ImageSources.folder(source.folder, new ImageSpec(channels, size));
        }
        if (source.idx != null) {
            return ImageSources.idx(source.idx, idxLabels, embed > 0 ? embed : 16);
        }
        if (source.mnist != null) {
            return ImageSources.mnist(Mnist.train(source.mnist), embed > 0 ? embed : 16, "train");
        }
        if (scenes < 1 || scenes > 1_000_000) {
            throw AtelierException.invalidArgument("scenes", "--scenes must be in [1, 1000000], got " + scenes);
        }
        List<Scene> list = ShapesTextData.scenes(dataSeed, scenes);
        boolean miniLm = "minilm".equals(textEncoder) || PromptEncoder.MINILM.equals(textEncoder);
        if (!miniLm) {
            TextEncoderFiles.copyClip(Path.of(textEncoder), cacheDir);
        }
        String name = miniLm ? PromptEncoder.MINILM : PromptEncoder.CLIP_TEXT;
        CaptionEmbeddings embeddings = CaptionEmbeddings.of(ShapesTextData.captions(dataSeed, list),
                cacheDir.resolve(miniLm ? "caption-embeddings.bin" : "caption-embeddings-" + name + ".bin"),
                () -> PromptEncoder.open(name, cacheDir), listener);
        return ShapesTextData.of(dataSeed, list, embeddings, embed > 0 ? embed : 128, name);
    }

    /** The class names of class-conditional data ("0".."9" for digits), empty otherwise. */
    static java.util.List<String> classes(TrainingData data) {
        if (data.condition().kind() != dev.atelier.ganvae.model.Condition.Kind.CLASS) {
            return java.util.List.of();
        }
        java.util.List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < data.condition().dimension(); i++) {
            names.add(Integer.toString(i));
        }
        return names;
    }

    /** The words of the training captions (text data), empty otherwise. */
    static java.util.List<String> vocabulary(TrainingData data) {
        return data instanceof ShapesTextData shapes
                ? dev.atelier.ganvae.sample.GeneratorModel.vocabulary(shapes.captions()) : java.util.List.of();
    }

    static String textEncoder(TrainingData data) {
        return data instanceof ShapesTextData shapes ? shapes.textEncoder() : null;
    }
}
