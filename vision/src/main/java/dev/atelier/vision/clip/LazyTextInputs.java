package dev.atelier.vision.clip;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.function.Supplier;

/** Text inputs made on first use. */
final class LazyTextInputs implements TextInputs {

    private final Supplier<TextInputs> factory;
    private TextInputs delegate;

    LazyTextInputs(Supplier<TextInputs> factory) {
        this.factory = factory;
    }

    @Override
    public synchronized NDList encode(NDManager manager, List<String> texts) {
        if (delegate == null) {
            delegate = factory.get();
        }
        return delegate.encode(manager, texts);
    }

    @Override
    public synchronized void close() {
        if (delegate != null) {
            delegate.close();
        }
    }
}
