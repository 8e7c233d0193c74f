package dev.atelier.text.train.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.core.device.Device;
import dev.atelier.core.error.AtelierException;
import dev.atelier.core.progress.ProgressListener;
import dev.atelier.text.gguf.GgufFile;
import dev.atelier.text.gguf.GgufTensorInfo;
import dev.atelier.text.train.gpt.GptConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Smoke trainings of a tiny model: exact resume, loss going down, files written, bad input refused. */
class TrainerTest {
    static final GptConfig TINY = new GptConfig(2, 16, 2, 2, 32, 0.1f, true);
    static final ProgressListener QUIET = event -> { };

    static String corpus() {
        StringBuilder sb = new StringBuilder();
        String[] lines = {"To be, or not to be, that is the question:", "Whether 'tis nobler in the mind to suffer",
                "The slings and arrows of outrageous fortune,", "Or to take arms against a sea of troubles"};
        for (int i = 0; i < 60; i++) {
            sb.append(lines[i % lines.length]).append('\n');
        }
        return sb.toString();
    }

    static TrainingOptions options(Path data, Path out, int steps, int stopAt, boolean resume) {
        return new TrainingOptions(data, null, 300, out, 4, 2, steps, 3e-3f, 3e-4f, 2, 0.1f, 0.9f, 0.99f, 1.0f,
                3, 0, 60, 0, stopAt, 42, Device.CPU, resume, "\n");
    }

    static Trainer.Result train(TrainingOptions o) throws Exception {
        return new Trainer(TINY, o, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), QUIET).run();
    }

    @Test
    void resumingHalfwayGivesExactlyTheUninterruptedRun(@TempDir Path dir) throws Exception {
        Path data = Files.writeString(dir.resolve("input.txt"), corpus());
        Path straight = dir.resolve("straight");
        Path sliced = dir.resolve("sliced");
        train(options(data, straight, 12, 0, false));
        Trainer.Result first = train(options(data, sliced, 12, 6, true));
        assertEquals(6, first.steps());
        Trainer.Result second = train(options(data, sliced, 12, 0, true));
        assertEquals(12, second.steps());

        GgufFile a = GgufFile.open(straight.resolve(Trainer.CHECKPOINT));
        GgufFile b = GgufFile.open(sliced.resolve(Trainer.CHECKPOINT));
        {
            assertEquals(a.tensors().size(), b.tensors().size());
            for (GgufTensorInfo t : a.tensors()) { // parameters and both AdamW moments
                assertArrayEquals(a.readFloats(t), b.readFloats(b.requireTensor(t.name())), t.name());
            }
            for (String key : new String[] {"atelier.train.train_loss", "atelier.train.val_loss"}) {
                assertArrayEquals(a.metadata().getFloatArray(key), b.metadata().getFloatArray(key), key);
            }
            assertEquals(12, a.metadata().getInt("atelier.train.step"));
        }
    }

    @Test
    void trainingLowersTheLossAndWritesItsFiles(@TempDir Path dir) throws Exception {
        Path data = Files.writeString(dir.resolve("input.txt"), corpus());
        Path out = dir.resolve("run");
        train(options(data, out, 30, 0, false));
        GgufFile ckpt = GgufFile.open(out.resolve(Trainer.CHECKPOINT));
        {
            float[] val = ckpt.metadata().getFloatArray("atelier.train.val_loss");
            assertTrue(val[val.length - 1] < val[0] - 0.5, "validation loss went " + Arrays.toString(val));
        }
        for (String f : new String[] {Trainer.MODEL, Trainer.TOKENIZER, Trainer.LOSS_CURVE}) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        byte[] png = Files.readAllBytes(out.resolve(Trainer.LOSS_CURVE));
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
        try (Stream<Path> files = Files.list(out)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary files left");
        }
    }

    @Test
    void keptCheckpointsHoldTheWeightsOfEachCheckpoint(@TempDir Path dir) throws Exception {
        Path data = Files.writeString(dir.resolve("input.txt"), corpus());
        Path out = dir.resolve("run");
        // A checkpoint after every step (the interval is a billionth of a minute).
        train(new TrainingOptions(data, null, 300, out, 4, 1, 4, 3e-3f, 3e-4f, 2, 0.1f, 0.9f, 0.99f, 1.0f,
                3, 0, 1e-9, 0, 0, 42, Device.CPU, false, "\n", null, true));
        for (int step = 1; step <= 4; step++) {
            assertTrue(Files.isRegularFile(Trainer.keptCheckpoint(out, step)), "kept step " + step);
        }
        GgufFile last = GgufFile.open(Trainer.keptCheckpoint(out, 4));
        GgufFile earlier = GgufFile.open(Trainer.keptCheckpoint(out, 3));
        GgufFile ckpt = GgufFile.open(out.resolve(Trainer.CHECKPOINT));
        assertEquals(4, ckpt.metadata().getInt("atelier.train.step"));
        boolean moved = false;
        for (GgufTensorInfo t : last.tensors()) { // the model's tensors only, no optimizer moments
            assertArrayEquals(ckpt.readFloats(ckpt.requireTensor(t.name())), last.readFloats(t), t.name());
            moved |= !Arrays.equals(earlier.readFloats(earlier.requireTensor(t.name())), last.readFloats(t));
        }
        assertTrue(moved, "step 3's weights differ from step 4's");
        assertTrue(last.tensors().size() < ckpt.tensors().size());
        assertEquals("run", last.metadata().getString("general.name"), "named after the run, as its model.gguf");
    }

    @Test
    void resumingAnotherShapeIsAClearError(@TempDir Path dir) throws Exception {
        Path data = Files.writeString(dir.resolve("input.txt"), corpus());
        Path out = dir.resolve("run");
        train(options(data, out, 3, 0, false));
        GptConfig wider = new GptConfig(2, 16, 2, 2, 48, 0.1f, true);
        AtelierException e = assertThrows(AtelierException.class, () -> new Trainer(wider, options(data, out, 3, 0, true),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), QUIET).run());
        assertTrue(e.getMessage().contains("another model"), e.getMessage());
    }

    @Test
    void initFromStartsAtTheGivenWeightsAndRefusesAnotherShape(@TempDir Path dir) throws Exception {
        Path data = Files.writeString(dir.resolve("input.txt"), corpus());
        Path first = dir.resolve("first");
        train(options(data, first, 6, 0, false));
        Path model = first.resolve(Trainer.MODEL);
        // A learning rate of 1e-9 leaves the weights where they start: those of the model given, not
        // a random initialisation (the same run without --init-from is the counter-check).
        Path continued = dir.resolve("continued");
        Path fresh = dir.resolve("fresh");
        train(tinyLearningRate(data, continued, model));
        train(tinyLearningRate(data, fresh, null));
        GgufFile start = GgufFile.open(model);
        GgufFile after = GgufFile.open(continued.resolve(Trainer.MODEL));
        GgufFile random = GgufFile.open(fresh.resolve(Trainer.MODEL));
        double fromStart = 0;
        double fromRandom = 0;
        for (GgufTensorInfo t : start.tensors()) {
            float[] a = start.readFloats(t);
            float[] b = after.readFloats(after.requireTensor(t.name()));
            float[] c = random.readFloats(random.requireTensor(t.name()));
            for (int i = 0; i < a.length; i++) {
                fromStart = Math.max(fromStart, Math.abs(a[i] - b[i]));
                fromRandom = Math.max(fromRandom, Math.abs(a[i] - c[i]));
            }
        }
        assertTrue(fromStart < 1e-5, "weights moved " + fromStart + " from the model started from");
        assertTrue(fromRandom > 1e-2, "the counter-check run should differ, max difference " + fromRandom);
        assertArrayEquals(start.metadata().getStringArray("tokenizer.ggml.tokens"),
                after.metadata().getStringArray("tokenizer.ggml.tokens"), "the tokenizer comes with the model");

        GptConfig wider = new GptConfig(2, 16, 2, 2, 48, 0.1f, true);
        TrainingOptions o = tinyLearningRate(data, dir.resolve("wider"), model);
        AtelierException e = assertThrows(AtelierException.class, () -> new Trainer(wider, o,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), QUIET).run());
        assertTrue(e.getMessage().contains("another shape"), e.getMessage());
    }

    static TrainingOptions tinyLearningRate(Path data, Path out, Path initFrom) {
        return new TrainingOptions(data, null, 300, out, 4, 1, 2, 1e-9f, 0f, 0, 0.1f, 0.9f, 0.99f, 1.0f,
                1, 0, 60, 0, 0, 7, Device.CPU, false, "\n", initFrom, false);
    }

    @Test
    void badCorporaAreRefusedWithoutLeavingFiles(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        Path empty = Files.write(dir.resolve("empty.txt"), new byte[0]);
        Path binary = Files.write(dir.resolve("binary.bin"), new byte[] {'a', 0, 1, 2, 'b'});
        Path latin1 = Files.write(dir.resolve("latin1.txt"), "caf\u00e9 cr\u00e8me".getBytes(StandardCharsets.ISO_8859_1));
        Path shortText = Files.writeString(dir.resolve("short.txt"), "Too short.\n");
        for (Path bad : new Path[] {empty, binary, latin1, shortText, dir.resolve("missing.txt")}) {
            AtelierException e = assertThrows(AtelierException.class, () -> train(options(bad, out, 3, 0, false)), bad.toString());
            assertTrue(e.getMessage().length() > 10);
        }
        assertFalse(Files.exists(out), "nothing was written for bad input");
    }

    @Test
    void scheduleWarmsUpThenFollowsACosine() {
        CosineSchedule s = new CosineSchedule(1e-3f, 1e-4f, 10, 110);
        assertEquals(1e-4f, s.at(0), 1e-9);
        assertEquals(1e-3f, s.at(9), 1e-9);
        assertEquals(1e-3f, s.at(10), 1e-9);
        assertEquals(5.5e-4f, s.at(60), 1e-7); // half-way down the cosine: the mean of max and min
        assertEquals(1e-4f, s.at(110), 1e-9);
        assertEquals(1e-4f, s.at(500), 1e-9);
    }

    @Test
    void batchesDependOnlyOnSeedAndStep() {
        int[] tokens = new int[500];
        Arrays.setAll(tokens, i -> i);
        Batches a = new Batches(tokens, 8, 1);
        Batches b = new Batches(tokens, 8, 1);
        a.batch(0, 0, 4);
        assertArrayEquals(a.batch(5, 1, 4).inputs(), b.batch(5, 1, 4).inputs());
        Batches.Batch batch = a.batch(3, 0, 4);
        for (int i = 0; i < batch.inputs().length; i++) {
            assertEquals(batch.inputs()[i] + 1, batch.targets()[i], "targets are the next tokens");
        }
    }
}
