package dev.atelier.vision.clip;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.List;

/** Turns texts into what a CLIP model's text tower reads. */
public interface TextInputs extends AutoCloseable {

    NDList encode(NDManager manager, List<String> texts);

    @Override
    default void close() {
    }
}
