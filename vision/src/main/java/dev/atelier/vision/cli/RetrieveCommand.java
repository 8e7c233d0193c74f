package dev.atelier.vision.cli;

import dev.atelier.core.error.AtelierException;
import dev.atelier.vision.clip.Clip;
import dev.atelier.vision.image.ImageIo;
import dev.atelier.vision.retrieval.RetrievalIndex;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vision retrieve}: text to image search over a folder, or image to text over given texts. */
@Command(name = "retrieve", mixinStandardHelpOptions = true,
        description = {"Text to image: --query TEXT --images DIR ranks the folder's images.",
            "Image to text: --image FILE --texts a,b,c ranks the texts."})
final class RetrieveCommand implements Callable<Integer> {

    @Option(names = "--query", description = "Text query (text to image).")
    String query;

    @Option(names = "--images", description = "Folder of images to search (text to image).")
    Path imageDir;

    @Option(names = "--image", description = "Image query (image to text).")
    Path image;

    @Option(names = "--texts", split = ",", description = "Texts to rank (image to text).")
    List<String> texts;

    @Option(names = "--top", defaultValue = "5", description = "Results to show. Default: ${DEFAULT-VALUE}.")
    int top;

    @Option(names = "--model", defaultValue = "shapes-clip", description = "CLIP model name or folder. Default: ${DEFAULT-VALUE}.")
    String model;

    @Override
    public Integer call() throws IOException {
        boolean textToImage = query != null && imageDir != null;
        boolean imageToText = image != null && texts != null;
        if (textToImage == imageToText) {
            throw AtelierException.invalidArgument("query", "give either --query and --images, or --image and --texts");
        }
        try (Clip clip = Clip.load(ModelOption.resolve(model))) {
            List<RetrievalIndex.Hit<String>> hits;
            if (textToImage) {
                List<String> names = new ArrayList<>();
                List<BufferedImage> images = new ArrayList<>();
                try (Stream<Path> files = Files.list(imageDir)) {
                    for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                        names.add(f.getFileName().toString());
                        images.add(ImageIo.read(f));
                    }
                }
                hits = new RetrievalIndex<>(names, clip.embedImages(images)).search(clip.embedTexts(List.of(query))[0], top);
            } else {
                hits = new RetrievalIndex<>(texts, clip.embedTexts(texts)).search(
                        clip.embedImages(List.of(ImageIo.read(image)))[0], top);
            }
            for (RetrievalIndex.Hit<String> h : hits) {
                System.out.printf(Locale.ROOT, "%.4f  %s%n", h.cosine(), h.item());
            }
        }
        return 0;
    }
}
