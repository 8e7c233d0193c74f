package dev.atelier.samples;

import dev.atelier.text.embedding.SentenceEncoder;
import java.util.List;

/**
 * In-process sentence embeddings: embed a few sentences with the bundled all-MiniLM-L6-v2 encoder
 * and print which is closest to a query. Run: {@code bin/sample EmbedSentences "your query"}.
 */
public final class EmbedSentences {

    public static void main(String[] args) {
        String query = args.length > 0 ? String.join(" ", args) : "How do I bake bread?";
        List<String> documents = List.of(
                "Knead the dough, let it rise, then bake it at 220 °C.",
                "The stock market closed higher on Friday.",
                "A kitten is sleeping on the sofa.",
                "Sourdough needs a starter made of flour and water.");
        try (SentenceEncoder encoder = SentenceEncoder.allMiniLmL6V2()) {
            float[] q = encoder.embed(query);
            List<float[]> docs = encoder.embed(documents);
            System.out.println("query: " + query);
            for (int i = 0; i < documents.size(); i++) {
                System.out.printf("%.3f  %s%n", dot(q, docs.get(i)), documents.get(i));
            }
        }
    }

    /** The vectors are unit length, so the dot product is the cosine similarity. */
    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
