package dev.atelier.text.gguf;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.atelier.core.error.AtelierException;
import dev.atelier.text.tokenizer.Tokenizer;
import dev.atelier.text.tokenizer.Tokenizers;
import java.nio.ByteBuffer;

/**
 * Fuzzes the GGUF parser: whatever the bytes, it either parses (and then every tensor can be read)
 * (and then every tensor can be read and a tokenizer built from its metadata works or is refused)
 * or fails with an {@link AtelierException}. Any other exception, an OutOfMemoryError or a
 * timeout is a finding.
 *
 * <p>In a normal build ({@code mvn verify}) this replays only the committed inputs in
 * {@code src/test/resources/dev/atelier/text/gguf/GgufFuzzTestInputs/parseGguf/} (valid files
 * of every tensor type and some broken ones). To fuzz for real (docs/TEXT-FORMATS.md):
 * {@code JAZZER_FUZZ=1 ./mvnw -o -pl text test -Dtest=GgufFuzzTest -Djazzer.max_duration=10m};
 * inputs that fail are written next to the seeds and then replay in every build.
 */
class GgufFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void parseGguf(byte[] data) {
        GgufFile file;
        try {
            file = GgufFile.read(ByteBuffer.wrap(data), "fuzz.gguf");
        } catch (AtelierException expected) {
            return;
        }
        for (GgufTensorInfo t : file.tensors()) {
            try {
                if (t.type().canDequantize() && t.elementCount() <= 1 << 16) {
                    file.readFloats(t);
                } else {
                    file.tensorData(t, 0, (int) Math.min(t.byteSize(), 1 << 16));
                }
            } catch (AtelierException expected) {
                // e.g. a type that cannot be dequantized: typed, as it must be
            }
        }
        file.metadata().asMap().forEach((k, v) -> v.toString());
        try { // the tokenizer built from the file's metadata, as a model load does
            Tokenizer tokenizer = Tokenizers.fromGguf(file);
            int[] ids = tokenizer.encode("Hello wörld 123 🦙 <|endoftext|>", true, true);
            tokenizer.decode(ids);
        } catch (AtelierException expected) {
            // no or unusable tokenizer metadata: typed
        }
    }
}
