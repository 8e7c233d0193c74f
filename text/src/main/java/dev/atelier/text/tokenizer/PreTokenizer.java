package dev.atelier.text.tokenizer;

import dev.atelier.core.error.AtelierException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Splits text into the words byte-level BPE merges within, with one or more regular expressions
 * applied in turn. Text between matches is kept as words of its own, so nothing is lost. Patterns
 * use Unicode character classes ({@code \s} is Unicode white space), as the original tokenizers'
 * regex engines do.
 */
public final class PreTokenizer {

    /** GPT-2's pattern (also the default of llama.cpp's byte-level BPE). */
    public static final String GPT2 =
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

    /** Llama 3's pattern; contractions spelled case-insensitively per letter, as llama.cpp does. */
    public static final String LLAMA3 =
            "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}"
                    + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

    /** Qwen 2's pattern: Llama 3's with single digits. */
    public static final String QWEN2 =
            "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}"
                    + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

    private final List<Pattern> patterns;

    private PreTokenizer(List<Pattern> patterns) {
        this.patterns = List.copyOf(patterns);
    }

    /** A pre-tokenizer applying {@code regexes} in turn; a bad expression is INVALID_ARGUMENT. */
    public static PreTokenizer of(String... regexes) {
        List<Pattern> list = new ArrayList<>();
        for (String r : regexes) {
            try {
                list.add(Pattern.compile(Objects.requireNonNull(r, "regex"), Pattern.UNICODE_CHARACTER_CLASS));
            } catch (PatternSyntaxException e) {
                throw AtelierException.invalidArgument("regex", "bad pre-tokenizer regex: " + e.getDescription());
            }
        }
        return new PreTokenizer(list);
    }

    /** No splitting: the whole text is one word. */
    public static PreTokenizer none() {
        return new PreTokenizer(List.of());
    }

    /**
     * The pre-tokenizer for a GGUF {@code tokenizer.ggml.pre} name: "default", "gpt-2" (GPT-2),
     * "llama-bpe", "llama3", "llama-v3", "smaug-bpe" (Llama 3), "qwen2" (Qwen 2), "smollm" (SmolLM); empty for others.
     */
    public static Optional<PreTokenizer> forGgufName(String name) {
        return Optional.ofNullable(switch (name) {
            case "default", "gpt-2", "gpt2" -> of(GPT2);
            case "llama-bpe", "llama3", "llama-v3", "smaug-bpe" -> of(LLAMA3);
            case "qwen2" -> of(QWEN2);
            case "smollm" -> of("\\p{N}", GPT2); // digits one by one, then GPT-2's pattern
            default -> null;
        });
    }

    /** The words of {@code text}, in order; their concatenation is {@code text}. */
    public List<String> split(String text) {
        List<String> words = List.of(text);
        for (Pattern p : patterns) {
            List<String> next = new ArrayList<>();
            for (String w : words) {
                splitOne(p, w, next);
            }
            words = next;
        }
        return words.size() == 1 && words.get(0).isEmpty() ? List.of() : words;
    }

    private static void splitOne(Pattern p, String text, List<String> out) {
        Matcher m = p.matcher(text);
        int last = 0;
        while (m.find()) {
            if (m.start() > last) {
                out.add(text.substring(last, m.start()));
            }
            if (m.end() > m.start()) {
                out.add(m.group());
            }
            last = m.end();
        }
        if (last < text.length()) {
            out.add(text.substring(last));
        }
    }

    @Override
    public String toString() {
        return "PreTokenizer" + patterns;
    }
}
