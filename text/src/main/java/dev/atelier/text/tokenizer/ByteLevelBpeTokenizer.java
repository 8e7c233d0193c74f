package dev.atelier.text.tokenizer;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * Byte-level BPE as in GPT-2, Llama 3 and Qwen: the text is split into words by a
 * {@link PreTokenizer}, each word's UTF-8 bytes are mapped to characters ({@link ByteLevel}) and
 * the adjacent pair with the best (lowest) merge rank is merged until none applies, the leftmost
 * first among equals.
 */
final class ByteLevelBpeTokenizer extends AbstractTokenizer {

    /**
     * @param ignoreMerges take a word that is itself a token whole (Llama 3's tokenizer does)
     * @param addPrefixSpace put a space before each piece of text that lacks one (GPT-2's option)
     * @param nfc normalise the text to Unicode NFC first (Qwen 2's tokenizer.json does)
     */
    record Options(boolean addBos, boolean ignoreMerges, boolean addPrefixSpace, boolean nfc) {
    }

    private final PreTokenizer preTokenizer;
    private final Options options;
    private final Map<Long, Integer> rankOfPair = new HashMap<>();
    private final int[] mergedId;
    private final int[] byteToken = new int[256];

    /** @param merges the merge rules by rank, each {@code {left, right}} */
    ByteLevelBpeTokenizer(Vocabulary vocab, List<String[]> merges, PreTokenizer preTokenizer, Options options) {
        super(vocab, options.addBos());
        this.preTokenizer = Objects.requireNonNull(preTokenizer, "preTokenizer");
        this.options = options;
        this.mergedId = new int[merges.size()];
        for (int rank = 0; rank < merges.size(); rank++) {
            String[] m = merges.get(rank);
            int left = vocab.idOrMinusOne(m[0]);
            int right = vocab.idOrMinusOne(m[1]);
            int merged = vocab.idOrMinusOne(m[0] + m[1]);
            mergedId[rank] = merged;
            // A rule whose parts or result are not tokens can never apply; the first rule for a pair wins.
            if (left >= 0 && right >= 0 && merged >= 0) {
                rankOfPair.putIfAbsent(pair(left, right), rank);
            }
        }
        for (int b = 0; b < 256; b++) {
            byteToken[b] = vocab.idOrMinusOne(String.valueOf(ByteLevel.charOf(b)));
        }
    }

    private static long pair(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    @Override
    void encodeText(String text, boolean atStart, IntList out) {
        if (options.nfc()) {
            text = Normalizer.normalize(text, Normalizer.Form.NFC);
        }
        if (options.addPrefixSpace() && !text.startsWith(" ")) {
            text = " " + text;
        }
        for (String word : preTokenizer.split(text)) {
            encodeWord(word, out);
        }
    }

    private void encodeWord(String word, IntList out) {
        if (options.ignoreMerges()) {
            int whole = vocab.idOrMinusOne(ByteLevel.encode(word));
            if (whole >= 0) {
                out.add(whole);
                return;
            }
        }
        byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
        int n = bytes.length;
        int[] id = new int[n];
        int[] prev = new int[n];
        int[] next = new int[n];
        for (int i = 0; i < n; i++) {
            id[i] = byteToken[bytes[i] & 0xFF];
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
        }
        // Candidates keyed by (rank, position): the queue yields the best rank, leftmost first.
        PriorityQueue<Long> queue = new PriorityQueue<>();
        for (int i = 0; i + 1 < n; i++) {
            offer(queue, id, i, i + 1);
        }
        while (!queue.isEmpty()) {
            long key = queue.poll();
            int rank = (int) (key >>> 32);
            int left = (int) key;
            int right = next[left];
            if (id[left] < 0 || right < 0 || rankOf(id[left], id[right]) != rank) {
                continue; // stale: one side has been merged since
            }
            id[left] = mergedId[rank];
            id[right] = -2;
            next[left] = next[right];
            if (next[right] >= 0) {
                prev[next[right]] = left;
            }
            if (prev[left] >= 0) {
                offer(queue, id, prev[left], left);
            }
            if (next[left] >= 0) {
                offer(queue, id, left, next[left]);
            }
        }
        for (int i = 0; i >= 0 && i < n; i = next[i]) {
            if (id[i] >= 0) {
                out.add(id[i]);
            } else if (vocab.unknown().isPresent()) {
                out.add(vocab.unknown().getAsInt()); // a byte the vocabulary lacks
            }
        }
    }

    private void offer(PriorityQueue<Long> queue, int[] id, int left, int right) {
        int rank = rankOf(id[left], id[right]);
        if (rank >= 0) {
            queue.add(((long) rank << 32) | left);
        }
    }

    private int rankOf(int left, int right) {
        if (left < 0 || right < 0) {
            return -1;
        }
        Integer r = rankOfPair.get(pair(left, right));
        return r == null ? -1 : r;
    }

    @Override
    byte[] computeBytes(int id) {
        String token = vocab.token(id);
        return switch (vocab.type(id)) {
            case NORMAL, UNUSED -> ByteLevel.decode(token);
            default -> token.getBytes(StandardCharsets.UTF_8); // added and control tokens are raw text
        };
    }

    @Override
    public boolean addsSpacePrefix() {
        return false;
    }
}
