package dev.atelier.text.train.eval;

/**
 * How well a model predicts a text: total cross-entropy in nats over the tokens it predicted and
 * the UTF-8 bytes those tokens stand for. Bits per byte divides out the tokenizer, so models with
 * different vocabularies compare: bpb = nats / (ln 2 · bytes).
 */
public record HeldOutLoss(double nats, long tokens, long bytes) {

    public double natsPerToken() {
        return nats / tokens;
    }

    public double bitsPerByte() {
        return nats / (Math.log(2) * bytes);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%.4f nats/token, %.4f bits/byte over %d tokens (%d bytes)",
                natsPerToken(), bitsPerByte(), tokens, bytes);
    }
}
