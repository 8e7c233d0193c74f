package dev.atelier.text.safetensors;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.atelier.core.error.AtelierException;
import java.nio.ByteBuffer;

/**
 * Fuzzes the safetensors header parser and reader: any input either reads (every readable tensor
 * decodes) or fails with an {@link AtelierException}. In {@code mvn verify} only the committed
 * inputs in {@code src/test/resources/dev/atelier/text/safetensors/SafetensorsFuzzTestInputs/parseSafetensors/}
 * replay; fuzz for real with {@code JAZZER_FUZZ=1 ./mvnw -o -pl text test -Dtest=SafetensorsFuzzTest}
 * (docs/TEXT-FORMATS.md).
 */
class SafetensorsFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void parseSafetensors(byte[] data) {
        SafetensorsFile file;
        try {
            file = SafetensorsFile.read(ByteBuffer.wrap(data), "fuzz.safetensors");
        } catch (AtelierException expected) {
            return;
        }
        for (SafetensorsTensor t : file.tensors()) {
            try {
                if (t.elementCount() <= 1 << 16) {
                    file.readFloats(t);
                }
            } catch (AtelierException expected) {
                // an unreadable dtype: typed, as it must be
            }
        }
    }
}
