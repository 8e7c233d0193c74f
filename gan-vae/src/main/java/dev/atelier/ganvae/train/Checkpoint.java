package dev.atelier.ganvae.train;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.AbstractBlock;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.atelier.ganvae.model.Networks;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A resumable training state in a folder: each network's parameters (batch-norm running statistics
 * included), each optimizer's moments and step count, the loss log, and {@code state.json} (the next
 * step, the collapse monitor's early value, the config the run was started with). Noise and batch
 * order are functions of (seed, step), so nothing else is needed to continue exactly.
 */
final class Checkpoint {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String STATE = "state.json";

    /** What state.json holds. */
    record State(long step, double collapseReference, Object config) {
    }

    private Checkpoint() {
    }

    static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve(STATE));
    }

    static void save(Path dir, State state, Map<String, AbstractBlock> blocks, Map<String, Adam> optimizers,
            LossLog log) {
        try {
            Files.createDirectories(dir);
            // state.json last: a checkpoint is complete only once it is there.
            Files.deleteIfExists(dir.resolve(STATE));
            for (Map.Entry<String, AbstractBlock> e : blocks.entrySet()) {
                Networks.save(e.getValue(), dir.resolve(e.getKey() + ".params"));
            }
            for (Map.Entry<String, Adam> e : optimizers.entrySet()) {
                try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                        Files.newOutputStream(dir.resolve(e.getKey() + ".adam"))))) {
                    e.getValue().save(out);
                }
            }
            log.writeCsv(dir.resolve("loss.csv"));
            JSON.writeValue(dir.resolve(STATE).toFile(), state);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + dir, e);
        }
    }

    /** Loads the networks and optimizers; returns (next step, collapse reference) and fills {@code log}. */
    static State load(Path dir, NDManager manager, Map<String, AbstractBlock> blocks, Map<String, Adam> optimizers) {
        try {
            var tree = JSON.readTree(dir.resolve(STATE).toFile());
            for (Map.Entry<String, AbstractBlock> e : blocks.entrySet()) {
                Networks.load(e.getValue(), manager, dir.resolve(e.getKey() + ".params"));
            }
            for (Map.Entry<String, Adam> e : optimizers.entrySet()) {
                try (DataInputStream in = new DataInputStream(new BufferedInputStream(
                        Files.newInputStream(dir.resolve(e.getKey() + ".adam"))))) {
                    e.getValue().load(in, manager);
                }
                e.getValue().reattach();
            }
            return new State(tree.get("step").asLong(), tree.get("collapseReference").asDouble(Double.NaN),
                    tree.get("config"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + dir, e);
        }
    }

    static LossLog log(Path dir) {
        Path csv = dir.resolve("loss.csv");
        return Files.isRegularFile(csv) ? LossLog.readCsv(csv) : new LossLog();
    }
}
