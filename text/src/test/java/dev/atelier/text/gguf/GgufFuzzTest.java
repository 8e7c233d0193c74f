package dev.atelier.text.gguf;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.atelier.core.error.AtelierException;
import java.nio.ByteBuffer;

/**
 * Fuzzes the GGUF parser: whatever the bytes, it either parses (and then every tensor can be read)
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
    }
}
