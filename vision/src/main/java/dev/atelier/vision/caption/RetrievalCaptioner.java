package dev.atelier.vision.caption;

import dev.atelier.vision.clip.Clip;
import dev.atelier.vision.grammar.CaptionSpace;
import dev.atelier.vision.retrieval.RetrievalIndex;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Captioning by retrieval: the candidate caption whose CLIP text embedding is nearest to the
 * image's. The default candidates are the canonical captions of every scene the Shapes grammar
 * can describe (2,232), plus the ten MNIST digit captions.
 */
public final class RetrievalCaptioner {

    private final Clip clip;
    private final RetrievalIndex<String> index;

    public RetrievalCaptioner(Clip clip, List<String> candidates) {
        this.clip = clip;
        this.index = new RetrievalIndex<>(candidates, clip.embedTexts(candidates));
    }

    /** Over the grammar's canonical captions and the MNIST captions. */
    public static RetrievalCaptioner forShapesAndDigits(Clip clip) {
        List<String> candidates = new java.util.ArrayList<>(CaptionSpace.canonicalCaptions());
        for (int d = 0; d < 10; d++) {
            candidates.add(dev.atelier.vision.mnist.Mnist.caption(d));
        }
        return new RetrievalCaptioner(clip, candidates);
    }

    public String caption(BufferedImage image) {
        return caption(clip.embedImages(List.of(image))[0]);
    }

    /** Captions of images preprocessed by {@link dev.atelier.vision.clip.ClipImages#tensor}. */
    public List<String> captionTensors(List<float[]> tensors) {
        return java.util.Arrays.stream(clip.embedImageTensors(tensors)).map(this::caption).toList();
    }

    public String caption(float[] imageEmbedding) {
        return index.search(imageEmbedding, 1).get(0).item();
    }

    /** The {@code k} best candidates with their cosines. */
    public List<RetrievalIndex.Hit<String>> best(float[] imageEmbedding, int k) {
        return index.search(imageEmbedding, k);
    }
}
