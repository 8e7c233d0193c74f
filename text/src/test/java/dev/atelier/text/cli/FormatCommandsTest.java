package dev.atelier.text.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.text.gguf.GgufFile;
import dev.atelier.text.gguf.GgufWriter;
import dev.atelier.text.safetensors.SafetensorsDtype;
import dev.atelier.text.safetensors.SafetensorsWriter;
import dev.atelier.text.tensor.GgmlType;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The format commands run through picocli as `atelier text …` will run them. */
class FormatCommandsTest {

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {
    }

    static Run run(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static float[] random(int n) {
        Random r = new Random(n);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    @Test
    void quantize() throws IOException {
        Path in = tmp.resolve("m.gguf");
        new GgufWriter().putString("general.architecture", "llama")
                .addTensor("blk.0.attn_q.weight", GgmlType.F16, new long[] {64, 4}, random(256))
                .addTensor("blk.0.attn_norm.weight", GgmlType.F32, new long[] {64}, random(64)).write(in);
        Path out = tmp.resolve("m-q4.gguf");
        Run r = run(new QuantizeCommand(), "--input", in.toString(), "--output", out.toString(), "--type", "Q4_0");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("1 tensors quantized to q4_0"), r.out());
        assertEquals(GgmlType.Q4_0, GgufFile.open(out).requireTensor("blk.0.attn_q.weight").type());

        Run bad = run(new QuantizeCommand(), "-i", tmp.resolve("none.gguf").toString(), "-o", out.toString());
        assertEquals(2, bad.exit());
        assertTrue(bad.err().startsWith("atelier: ") && bad.err().contains("missing"), bad.err());
        Run badType = run(new QuantizeCommand(), "-i", in.toString(), "-o", out.toString(), "-t", "q3_k");
        assertEquals(2, badType.exit());
        assertTrue(badType.err().contains("unknown type 'q3_k'"), badType.err());
        Run floatType = run(new QuantizeCommand(), "-i", in.toString(), "-o", out.toString(), "-t", "f16");
        assertEquals(2, floatType.exit());
        assertTrue(floatType.err().contains("use convert"), floatType.err());
    }

    @Test
    void convert() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("gpt2-tiny"));
        int h = 32;
        int vocab = 258;
        SafetensorsWriter w = new SafetensorsWriter()
                .add("wte.weight", SafetensorsDtype.F32, new long[] {vocab, h}, random(vocab * h))
                .add("wpe.weight", SafetensorsDtype.F32, new long[] {8, h}, random(8 * h))
                .add("ln_f.weight", SafetensorsDtype.F32, new long[] {h}, random(h))
                .add("ln_f.bias", SafetensorsDtype.F32, new long[] {h}, random(h + 1 - 1));
        w.write(dir.resolve("model.safetensors"));
        Files.writeString(dir.resolve("config.json"), "{\"architectures\":[\"GPT2LMHeadModel\"],\"n_embd\":32,\"n_layer\":1,"
                + "\"n_head\":2,\"vocab_size\":258,\"n_positions\":8}");
        StringBuilder vocabJson = new StringBuilder();
        for (int b = 0; b < 256; b++) {
            vocabJson.append(b == 0 ? "" : ",").append('"').append(escape(dev.atelier.text.tokenizer.ByteLevel.charOf(b))).append("\":").append(b);
        }
        vocabJson.append(",\"Ġa\":256");
        Files.writeString(dir.resolve("tokenizer.json"), "{\"added_tokens\":[{\"id\":257,\"content\":\"<|endoftext|>\",\"special\":true}],"
                + "\"pre_tokenizer\":{\"type\":\"ByteLevel\",\"add_prefix_space\":false,\"use_regex\":true},"
                + "\"model\":{\"type\":\"BPE\",\"vocab\":{" + vocabJson + "},\"merges\":[\"Ġ a\"]}}");
        Path out = tmp.resolve("gpt2.gguf");
        Run r = run(new ConvertCommand(), "--input", dir.toString(), "--output", out.toString(), "--type", "f16");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("gpt2, 4 tensors"), r.out());
        GgufFile g = GgufFile.open(out);
        assertEquals(GgmlType.F16, g.requireTensor("token_embd.weight").type());
        assertEquals("<|endoftext|>", g.metadata().getStringArray("tokenizer.ggml.tokens")[257]);

        Files.writeString(dir.resolve("config.json"), "{\"architectures\":[\"BertModel\"]}");
        Run bad = run(new ConvertCommand(), "-i", dir.toString(), "-o", tmp.resolve("x.gguf").toString());
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("BertModel"), bad.err());
    }

    private static String escape(char c) {
        return c == '"' ? "\\\"" : c == '\\' ? "\\\\" : String.valueOf(c);
    }

    @Test
    void randomModel() throws IOException {
        Path out = tmp.resolve("gpt2-random.gguf");
        Run r = run(new RandomModelCommand(), "--shape", "gpt2", "--type", "q4_0", "--output", out.toString(), "--seed", "1");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("124,439,808 parameters"), r.out());
        GgufFile g = GgufFile.open(out);
        assertEquals(50257, g.metadata().getStringArray("tokenizer.ggml.tokens").length);
        assertEquals(GgmlType.Q4_0, g.requireTensor("blk.11.ffn_down.weight").type());
        Run bad = run(new RandomModelCommand(), "--shape", "llama-70b", "--output", tmp.resolve("x.gguf").toString());
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("unknown shape 'llama-70b'"), bad.err());
        assertFalse(Files.exists(tmp.resolve("x.gguf")));
    }

    @Test
    void everyCommandExplainsItself() {
        for (Object c : new Object[] {new QuantizeCommand(), new ConvertCommand(), new RandomModelCommand()}) {
            Run help = run(c, "--help");
            assertEquals(0, help.exit());
            assertTrue(help.out().contains("--output") && help.out().contains("--type") && help.out().contains("Example:"), help.out());
        }
        Run missing = run(new QuantizeCommand());
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("Missing required options"), missing.err());
    }
}
