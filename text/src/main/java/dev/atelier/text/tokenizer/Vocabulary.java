package dev.atelier.text.tokenizer;

import dev.atelier.core.error.AtelierException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The token strings of a model with their types, optional scores and special-token ids. Ids are
 * array indices. When a string occurs twice, the lower id wins lookups (as llama.cpp's map does).
 */
public final class Vocabulary {

    private final String[] tokens;
    private final TokenType[] types;
    private final float[] scores;
    private final Map<String, Integer> ids;
    private final int bos;
    private final int eos;
    private final int unknown;

    /**
     * @param tokens the token strings, by id
     * @param types the type of each token, or null for all {@link TokenType#NORMAL}
     * @param scores SentencePiece scores, or null
     * @param bos the beginning-of-sequence id, or -1
     * @param eos the end-of-sequence id, or -1
     * @param unknown the unknown-token id, or -1
     */
    public Vocabulary(String[] tokens, TokenType[] types, float[] scores, int bos, int eos, int unknown) {
        Objects.requireNonNull(tokens, "tokens");
        int n = tokens.length;
        if (types != null && types.length != n) {
            throw AtelierException.invalidArgument("types", n + " tokens but " + types.length + " token types");
        }
        if (scores != null && scores.length != n) {
            throw AtelierException.invalidArgument("scores", n + " tokens but " + scores.length + " scores");
        }
        this.tokens = tokens.clone();
        this.types = types == null ? filled(n) : types.clone();
        this.scores = scores == null ? null : scores.clone();
        this.bos = checkId("bos", bos, n);
        this.eos = checkId("eos", eos, n);
        this.unknown = checkId("unknown", unknown, n);
        this.ids = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            if (this.tokens[i] == null || this.types[i] == null) {
                throw AtelierException.invalidArgument("tokens", "token " + i + " has no text or type");
            }
            ids.putIfAbsent(this.tokens[i], i);
        }
    }

    private static TokenType[] filled(int n) {
        TokenType[] t = new TokenType[n];
        Arrays.fill(t, TokenType.NORMAL);
        return t;
    }

    private static int checkId(String what, int id, int n) {
        if (id < -1 || id >= n) {
            throw AtelierException.invalidArgument(what, what + " token id " + id + " is outside the vocabulary of " + n);
        }
        return id;
    }

    public int size() {
        return tokens.length;
    }

    public String token(int id) {
        return tokens[checkIndex(id)];
    }

    public TokenType type(int id) {
        return types[checkIndex(id)];
    }

    /** The token's score (0 when the vocabulary has none). */
    public float score(int id) {
        return scores == null ? 0 : scores[checkIndex(id)];
    }

    public boolean hasScores() {
        return scores != null;
    }

    /** The id of an exact token string. */
    public OptionalInt id(String token) {
        Integer id = ids.get(token);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /** Like {@link #id} but -1 when absent; for hot loops. */
    int idOrMinusOne(String token) {
        Integer id = ids.get(token);
        return id == null ? -1 : id;
    }

    public OptionalInt bos() {
        return bos < 0 ? OptionalInt.empty() : OptionalInt.of(bos);
    }

    public OptionalInt eos() {
        return eos < 0 ? OptionalInt.empty() : OptionalInt.of(eos);
    }

    public OptionalInt unknown() {
        return unknown < 0 ? OptionalInt.empty() : OptionalInt.of(unknown);
    }

    int checkIndex(int id) {
        if (id < 0 || id >= tokens.length) {
            throw AtelierException.invalidArgument("tokens", "token id " + id + " is outside the vocabulary of " + tokens.length);
        }
        return id;
    }
}
