package dev.atelier.vision.cli;

import dev.atelier.vision.caption.CaptionDecoding;
import dev.atelier.vision.caption.Captioner;
import dev.atelier.vision.caption.RetrievalCaptioner;
import dev.atelier.vision.image.ImageIo;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vision caption IMAGE...}: captions images. */
@Command(name = "caption", mixinStandardHelpOptions = true,
        description = "Caption images with the generative captioner (greedy or beam search) or by retrieval.")
final class CaptionCommand implements Callable<Integer> {

    @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "Image files.")
    List<Path> images;

    @Option(names = "--model", defaultValue = "shapes-captioner", description = "Captioner name or folder. Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--beam", defaultValue = "1", description = "Beam width; 1 is greedy decoding. Default: ${DEFAULT-VALUE}.")
    int beam;

    @Option(names = "--guidance", defaultValue = "0",
            description = "Weight of the image's CLIP similarity in an image-guided beam search (MAGIC-style; 3 is a good "
                    + "value, chosen on TEST scenes); 0 decodes by the decoder alone. Default: ${DEFAULT-VALUE}.")
    double guidance;

    @Option(names = "--grammar", description = "Grammar-constrained decoding: only words that keep the caption a prefix of a "
            + "sentence of the Shapes caption grammar (or an MNIST caption), so every caption parses.")
    boolean grammar;

    @Option(names = "--retrieval", description = "Pick the nearest caption of the grammar instead of generating one.")
    boolean retrieval;

    @Override
    public Integer call() {
        try (Captioner captioner = Captioner.load(ModelOption.resolve(model))) {
            RetrievalCaptioner byRetrieval = retrieval ? RetrievalCaptioner.forShapesAndDigits(captioner.clip()) : null;
            for (Path file : images) {
                BufferedImage image = ImageIo.read(file);
                String caption = byRetrieval != null ? byRetrieval.caption(image) : captioner.caption(image, new CaptionDecoding(beam, guidance, grammar));
                System.out.println(file.getFileName() + ": " + caption);
            }
        }
        return 0;
    }
}
