package dev.atelier.core.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Both native runtimes work with no network, and unpack where the project says. Every HTTP(S)
 * connection of this JVM is pointed at a dead proxy first, so any attempt to download would fail.
 * Maven runs this with {@code atelier.cache.dir} and {@code user.home} inside {@code target/}.
 */
class OfflineRuntimesTest {

    @BeforeAll
    static void cutTheNetwork() {
        for (String scheme : new String[] {"http", "https"}) {
            System.setProperty(scheme + ".proxyHost", "127.0.0.1");
            System.setProperty(scheme + ".proxyPort", "9"); // discard port: nothing listens
            System.setProperty(scheme + ".nonProxyHosts", "");
        }
        NativeRuntime.configure();
    }

    @Test
    void djlPyTorchRunsAnNdArrayOpOfflineAndCachesUnderTheProjectFolder() throws Exception {
        assertEquals("true", System.getProperty("ai.djl.offline"));
        Engine engine = Engine.getEngine("PyTorch");
        assertEquals("PyTorch", engine.getEngineName());
        try (NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu(), "PyTorch")) {
            NDArray x = manager.create(new float[] {1f, 2f, 3f, 4f}, new ai.djl.ndarray.types.Shape(2, 2));
            NDArray y = x.matMul(x).add(1f); // [[1,2],[3,4]]² + 1
            assertArrayEquals(new float[] {8f, 11f, 16f, 23f}, y.toFloatArray());
        }
        Path cache = NativeRuntime.djlCacheDir();
        assertTrue(cache.startsWith(NativeRuntime.cacheDir()), cache + " under " + NativeRuntime.cacheDir());
        try (Stream<Path> files = Files.walk(cache)) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith("libtorch")),
                    "libtorch unpacked under " + cache);
        }
        String configured = System.getProperty("atelier.cache.dir");
        if (configured != null) { // under Maven: the folder chosen in the POM, inside target/
            assertEquals(Path.of(configured).toAbsolutePath(), NativeRuntime.cacheDir());
        }
        Path home = Path.of(System.getProperty("user.home"));
        assertFalse(Files.exists(home.resolve(".djl.ai")), "no surprise folder in the user's home");
    }

    @Test
    void onnxRuntimeRunsASessionOffline() throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(addModel(), new OrtSession.SessionOptions());
             OnnxTensor x = OnnxTensor.createTensor(env, new float[] {1f, 2f, 3f});
             OnnxTensor y = OnnxTensor.createTensor(env, new float[] {10f, 20f, 30f});
             OrtSession.Result result = session.run(Map.of("x", x, "y", y))) {
            assertArrayEquals(new float[] {11f, 22f, 33f}, (float[]) result.get(0).getValue());
        }
    }

    /**
     * An ONNX model {@code z = Add(x, y)} over float[3], encoded by hand from the ONNX protobuf
     * schema (onnx.proto3), so the test depends on no model file and no ONNX tooling.
     */
    static byte[] addModel() {
        byte[] tensorType = Proto.of().varint(1, 1) // elem_type FLOAT
                .bytes(2, Proto.of().bytes(1, Proto.of().varint(1, 3).build()).build()) // shape [3]
                .build();
        byte[] type = Proto.of().bytes(1, tensorType).build();
        byte[] graph = Proto.of()
                .bytes(1, Proto.of().string(1, "x").string(1, "y").string(2, "z").string(3, "add").string(4, "Add").build())
                .string(2, "add-graph")
                .bytes(11, Proto.of().string(1, "x").bytes(2, type).build())
                .bytes(11, Proto.of().string(1, "y").bytes(2, type).build())
                .bytes(12, Proto.of().string(1, "z").bytes(2, type).build())
                .build();
        return Proto.of()
                .varint(1, 8) // ir_version
                .string(2, "atelier-test")
                .bytes(7, graph)
                .bytes(8, Proto.of().string(1, "").varint(2, 13).build()) // opset 13
                .build();
    }

    /** The few protobuf wire-format pieces the model above needs. */
    private static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        static Proto of() {
            return new Proto();
        }

        Proto varint(int field, long value) {
            raw((field << 3) | 0);
            raw(value);
            return this;
        }

        Proto bytes(int field, byte[] value) {
            raw((field << 3) | 2);
            raw(value.length);
            out.writeBytes(value);
            return this;
        }

        Proto string(int field, String value) {
            return bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        byte[] build() {
            return out.toByteArray();
        }

        private void raw(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }
    }
}
