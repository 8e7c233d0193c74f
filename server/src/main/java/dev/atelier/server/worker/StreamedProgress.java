package dev.atelier.server.worker;

import dev.atelier.core.progress.ProgressEvent;
import dev.atelier.core.progress.ProgressListener;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;

/**
 * Streams a library's progress events (training, loading, batch generation) to the caller as parts
 * {@code {"progress":{task,current,total,unit,message,metrics,elapsed_ms,done}}}, and stops the job
 * when the caller has gone: the listener throws {@code CANCELLED}, which ends the library's loop at
 * its next progress step.
 */
public final class StreamedProgress implements ProgressListener {
    private final WorkContext context;

    public StreamedProgress(WorkContext context) {
        this.context = context;
    }

    @Override
    public void onProgress(ProgressEvent event) {
        context.checkCancelled();
        JsonObject json = new JsonObject()
                .put("task", event.task())
                .put("current", event.current())
                .put("total", event.total())
                .put("unit", event.unit())
                .put("message", event.message())
                .put("metrics", new JsonObject(new LinkedHashMap<>(event.metrics())))
                .put("elapsed_ms", event.elapsedMillis())
                .put("done", event.done());
        context.emit(new JsonObject().put("progress", json));
    }
}
