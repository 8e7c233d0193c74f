package dev.atelier.text.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.text.gguf.GgufFile;
import dev.atelier.text.tokenizer.Tokenizers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The three training commands run end to end on a tiny corpus, and explain every option in --help. */
class TrainingCommandsTest {

    record Run(int exit, String out, String err) {
    }

    static Run run(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static Path corpus(Path dir) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 80; i++) {
            sb.append(i % 2 == 0 ? "ROMEO:\nBut soft, what light through yonder window breaks?\n"
                    : "JULIET:\nO Romeo, Romeo, wherefore art thou Romeo?\n");
        }
        return Files.writeString(dir.resolve("play.txt"), sb.toString());
    }

    @Test
    void trainTokenizerThenTrainThenEval(@TempDir Path dir) throws Exception {
        Path data = corpus(dir);
        Path json = dir.resolve("tok/tokenizer.json");
        Run tok = run(new TrainTokenizerCommand(), "--data", data.toString(), "--out", json.toString(), "--vocab-size", "300");
        assertEquals(0, tok.exit(), tok.err());
        assertTrue(tok.out().contains("300 tokens"), tok.out());
        assertEquals(300, Tokenizers.fromHuggingFace(json).vocabularySize());

        Path out = dir.resolve("run");
        Run train = run(new TrainCommand(), "--data", data.toString(), "--out", out.toString(), "--tokenizer", json.toString(),
                "--layers", "1", "--heads", "2", "--width", "16", "--context", "16", "--batch-size", "4",
                "--steps", "4", "--warmup", "1", "--eval-interval", "2", "--sample-interval", "0");
        assertEquals(0, train.exit(), train.err());
        Path model = out.resolve("model.gguf");
        GgufFile gguf = GgufFile.open(model);
        assertEquals("gpt2", gguf.metadata().getString("general.architecture"));
        assertEquals(16L, gguf.requireTensor("token_embd.weight").dim(0)); // ne[0] is the contiguous width
        assertEquals(300L, gguf.requireTensor("token_embd.weight").dim(1));
        assertEquals(48L, gguf.requireTensor("blk.0.attn_qkv.weight").dim(1));
        assertTrue(gguf.tensor("output.weight").isEmpty(), "tied head");

        Run eval = run(new EvalCommand(), "--model", out.toString(), "--data", data.toString());
        assertEquals(0, eval.exit(), eval.err());
        Matcher nats = Pattern.compile("validation loss: ([0-9.]+) nats/token").matcher(eval.out());
        Matcher bpb = Pattern.compile("bits per byte: ([0-9.]+)").matcher(eval.out());
        assertTrue(nats.find() && bpb.find(), eval.out());
        double n = Double.parseDouble(nats.group(1));
        assertTrue(n > 0 && n < Math.log(300) + 0.5, eval.out());
        assertTrue(Double.parseDouble(bpb.group(1)) > 0, eval.out());
    }

    @Test
    void badInputIsAnErrorNotACrash(@TempDir Path dir) throws Exception {
        Path binary = Files.write(dir.resolve("x.bin"), new byte[] {1, 0, 2, 0});
        Run tok = run(new TrainTokenizerCommand(), "--data", binary.toString(), "--out", dir.resolve("t.json").toString());
        assertEquals(2, tok.exit());
        assertTrue(tok.err().contains("binary"), tok.err());
        Run size = run(new TrainTokenizerCommand(), "--data", corpus(dir).toString(), "--out", dir.resolve("t.json").toString(),
                "--vocab-size", "-3");
        assertEquals(2, size.exit());
        Run eval = run(new EvalCommand(), "--model", dir.resolve("missing.gguf").toString(), "--data", corpus(dir).toString());
        assertEquals(2, eval.exit());
        assertTrue(eval.err().contains("does not exist"), eval.err());
        Run train = run(new TrainCommand(), "--data", corpus(dir).toString(), "--out", dir.resolve("r").toString(),
                "--width", "30", "--heads", "4");
        assertEquals(2, train.exit());
        assertTrue(train.err().contains("multiple"), train.err());
        Run gpu = run(new TrainCommand(), "--data", corpus(dir).toString(), "--out", dir.resolve("r").toString(),
                "--device", "gpu:999");
        assertEquals(2, gpu.exit());
        assertTrue(gpu.err().contains("gpu:999"), gpu.err());
        assertTrue(Files.notExists(dir.resolve("t.json")) && Files.notExists(dir.resolve("r")), "no files for bad input");
    }

    @Test
    void helpExplainsEveryOption() {
        for (Object command : new Object[] {new TrainTokenizerCommand(), new TrainCommand(), new EvalCommand()}) {
            CommandLine cl = new CommandLine(command);
            String usage = cl.getUsageMessage();
            for (CommandLine.Model.OptionSpec option : cl.getCommandSpec().options()) {
                assertTrue(usage.contains(option.longestName()), option.longestName());
                assertTrue(option.description().length > 0 && option.description()[0].length() > 10,
                        cl.getCommandName() + " " + option.longestName() + " has no explanation");
            }
            Run help = run(command, "--help");
            assertEquals(0, help.exit());
            assertTrue(help.out().contains("Usage:"), help.out());
        }
    }
}
