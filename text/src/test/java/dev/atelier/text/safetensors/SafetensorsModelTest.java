package dev.atelier.text.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.core.model.ModelIntegrityException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsModelTest {

    @TempDir
    Path tmp;

    Path sharded(String secondShardName) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("m"));
        new SafetensorsWriter().add("a", SafetensorsDtype.F32, new long[] {2}, new float[] {1, 2})
                .write(dir.resolve("model-00001-of-00002.safetensors"));
        new SafetensorsWriter().add("b", SafetensorsDtype.BF16, new long[] {1, 2}, new float[] {3, 4})
                .write(dir.resolve("model-00002-of-00002.safetensors"));
        Files.writeString(dir.resolve("model.safetensors.index.json"), "{\"metadata\":{\"total_size\":12},\"weight_map\":{"
                + "\"a\":\"model-00001-of-00002.safetensors\",\"b\":\"" + secondShardName + "\"}}");
        return dir;
    }

    @Test
    void shardsNamedByTheIndex() throws IOException {
        SafetensorsModel m = SafetensorsModel.open(sharded("model-00002-of-00002.safetensors"));
        assertEquals(2, m.tensors().size());
        assertArrayEquals(new float[] {1, 2}, m.readFloats("a"));
        assertArrayEquals(new float[] {3, 4}, m.readFloats("b"));
        assertArrayEquals(new long[] {1, 2}, m.requireTensor("b").shape());
        assertThrows(ModelIntegrityException.class, () -> m.requireTensor("c"));
    }

    @Test
    void singleFileAndLooseFiles() throws IOException {
        Path one = Files.createDirectories(tmp.resolve("one"));
        new SafetensorsWriter().add("x", SafetensorsDtype.F16, new long[] {1}, new float[] {0.5f}).write(one.resolve("model.safetensors"));
        assertArrayEquals(new float[] {0.5f}, SafetensorsModel.open(one).readFloats("x"));
        Path loose = Files.createDirectories(tmp.resolve("loose"));
        new SafetensorsWriter().add("x", SafetensorsDtype.F32, new long[] {1}, new float[] {1}).write(loose.resolve("a.safetensors"));
        new SafetensorsWriter().add("y", SafetensorsDtype.F32, new long[] {1}, new float[] {2}).write(loose.resolve("b.safetensors"));
        assertEquals(2, SafetensorsModel.open(loose).tensors().size());
        new SafetensorsWriter().add("y", SafetensorsDtype.F32, new long[] {1}, new float[] {2}).write(loose.resolve("c.safetensors"));
        assertTrue(assertThrows(ModelIntegrityException.class, () -> SafetensorsModel.open(loose)).getMessage().contains("two files"));
        assertThrows(ModelIntegrityException.class, () -> SafetensorsModel.open(Files.createDirectories(tmp.resolve("empty"))));
    }

    @Test
    void theIndexCannotLeaveTheFolderOrPromiseMissingTensors() throws IOException {
        ModelIntegrityException e = assertThrows(ModelIntegrityException.class,
                () -> SafetensorsModel.open(sharded("../../etc/passwd.safetensors")));
        assertTrue(e.getMessage().contains("not a .safetensors file of the folder"), e.getMessage());
        Files.writeString(tmp.resolve("m/model.safetensors.index.json"),
                "{\"weight_map\":{\"a\":\"model-00001-of-00002.safetensors\",\"zz\":\"model-00001-of-00002.safetensors\"}}");
        e = assertThrows(ModelIntegrityException.class, () -> SafetensorsModel.open(tmp.resolve("m")));
        assertTrue(e.getMessage().contains("lacks tensor 'zz'"), e.getMessage());
        Files.writeString(tmp.resolve("m/model.safetensors.index.json"), "{\"weight_map\":[]}");
        assertThrows(ModelIntegrityException.class, () -> SafetensorsModel.open(tmp.resolve("m")));
        Files.writeString(tmp.resolve("m/model.safetensors.index.json"), "{");
        assertThrows(ModelIntegrityException.class, () -> SafetensorsModel.open(tmp.resolve("m")));
    }
}
