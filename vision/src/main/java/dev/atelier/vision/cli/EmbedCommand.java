package dev.atelier.vision.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.core.error.AtelierException;
import dev.atelier.vision.clip.Clip;
import dev.atelier.vision.image.ImageIo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vision embed}: prints CLIP embeddings of texts and images as JSON. */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = "Print unit-length CLIP embeddings of texts and images as JSON lines {\"input\", \"embedding\"}.")
final class EmbedCommand implements Callable<Integer> {

    @Option(names = "--text", description = "Text to embed (repeatable).")
    List<String> texts = new ArrayList<>();

    @Option(names = "--image", description = "Image file to embed (repeatable).")
    List<Path> images = new ArrayList<>();

    @Option(names = "--model", defaultValue = "shapes-clip", description = "CLIP model name or folder. Default: ${DEFAULT-VALUE}.")
    String model;

    @Override
    public Integer call() throws Exception {
        if (texts.isEmpty() && images.isEmpty()) {
            throw AtelierException.invalidArgument("input", "give at least one --text or --image");
        }
        ObjectMapper json = new ObjectMapper();
        try (Clip clip = Clip.load(ModelOption.resolve(model))) {
            float[][] textVectors = texts.isEmpty() ? new float[0][] : clip.embedTexts(texts);
            for (int i = 0; i < texts.size(); i++) {
                print(json, texts.get(i), textVectors[i]);
            }
            for (Path file : images) {
                print(json, file.toString(), clip.embedImages(List.of(ImageIo.read(file)))[0]);
            }
        }
        return 0;
    }

    private static void print(ObjectMapper json, String input, float[] v) throws Exception {
        ObjectNode node = json.createObjectNode().put("input", input);
        ArrayNode array = node.putArray("embedding");
        for (float x : v) {
            array.add(x);
        }
        System.out.println(json.writeValueAsString(node));
    }
}
