package dev.atelier.ganvae.sample;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.atelier.core.error.AtelierException;
import dev.atelier.ganvae.model.Condition;
import dev.atelier.ganvae.model.Gan;
import dev.atelier.ganvae.model.ImageDecoder;
import dev.atelier.ganvae.model.Networks;
import dev.atelier.ganvae.model.Vae;
import dev.atelier.ganvae.text.PromptEncoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * A trained generator loaded from a model folder: {@code generator.json} ({@link ModelDescription})
 * and {@code generator.params} (the GAN generator or the VAE decoder), plus {@code encoder.params}
 * for a VAE, and for a text model whose encoder is a CLIP text tower, that CLIP model in
 * {@value dev.atelier.ganvae.text.PromptEncoder#CLIP_FOLDER}/. The discriminator is not part of an exported model.
 */
public final class GeneratorModel implements AutoCloseable {
    public static final String GENERATOR_PARAMS = "generator.params";
    public static final String ENCODER_PARAMS = "encoder.params";
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** How generator.json is written. */
    public static final com.fasterxml.jackson.databind.ObjectWriter JSON_WRITER = JSON.writer();

    private final Path folder;
    private final ModelDescription description;
    private final ImageDecoder decoder;
    private final Vae vae;

    private GeneratorModel(Path folder, ModelDescription description, ImageDecoder decoder, Vae vae) {
        this.folder = folder;
        this.description = description;
        this.decoder = decoder;
        this.vae = vae;
    }

    public static GeneratorModel load(Path folder) {
        ModelDescription description;
        try {
            description = JSON.readValue(folder.resolve(ModelDescription.FILE).toFile(), ModelDescription.class);
        } catch (IOException e) {
            throw AtelierException.unavailable("cannot read " + ModelDescription.FILE + " of a generator: "
                    + e.getMessage());
        }
        if (ModelDescription.GAN.equals(description.kind())) {
            Gan gan = Gan.generatorOnly(description.gan());
            try {
                Networks.load(gan.generator(), gan.manager(), folder.resolve(GENERATOR_PARAMS));
            } catch (RuntimeException e) {
                gan.close();
                throw e;
            }
            return new GeneratorModel(folder, description, gan, null);
        }
        Vae vae = Vae.create(description.vae(), 0);
        try {
            Networks.load(vae.decoder(), vae.manager(), folder.resolve(GENERATOR_PARAMS));
            Networks.load(vae.encoder(), vae.manager(), folder.resolve(ENCODER_PARAMS));
        } catch (RuntimeException e) {
            vae.close();
            throw e;
        }
        return new GeneratorModel(folder, description, vae, vae);
    }

    /** Writes a trained GAN's generator into {@code folder}. */
    public static void export(Gan gan, ModelDescription description, Path folder) {
        write(description, folder);
        Networks.save(gan.generator(), folder.resolve(GENERATOR_PARAMS));
    }

    /** Writes a trained VAE (decoder and encoder) into {@code folder}. */
    public static void export(Vae vae, ModelDescription description, Path folder) {
        write(description, folder);
        Networks.save(vae.decoder(), folder.resolve(GENERATOR_PARAMS));
        Networks.save(vae.encoder(), folder.resolve(ENCODER_PARAMS));
    }

    private static void write(ModelDescription description, Path folder) {
        try {
            Files.createDirectories(folder);
            JSON.writeValue(folder.resolve(ModelDescription.FILE).toFile(), description);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + folder, e);
        }
    }

    /**
     * A new instance of the text encoder this text-to-image model was trained with (the caller
     * closes it).
     */
    public PromptEncoder openPromptEncoder() {
        if (condition().kind() != Condition.Kind.TEXT) {
            throw AtelierException.invalidArgument("model", "this generator is not text-conditional");
        }
        return PromptEncoder.open(description.textEncoder(), folder);
    }

    public ModelDescription description() {
        return description;
    }

    public ImageDecoder decoder() {
        return decoder;
    }

    /** The VAE, for encoding and reconstruction; null for a GAN. */
    public Vae vae() {
        return vae;
    }

    public boolean isVae() {
        return vae != null;
    }

    public Condition condition() {
        return description.condition();
    }

    /** The files of an exported model, for its manifest. */
    public static List<String> files(ModelDescription description) {
        List<String> files = new ArrayList<>(List.of(ModelDescription.FILE, GENERATOR_PARAMS));
        if (ModelDescription.VAE.equals(description.kind())) {
            files.add(ENCODER_PARAMS);
        }
        if (description.textEncoder() != null) {
            files.addAll(PromptEncoder.files(description.textEncoder()));
        }
        return files;
    }

    /** The lower-case words of {@code captions}, sorted: a text model's vocabulary. */
    public static List<String> vocabulary(List<String> captions) {
        Set<String> words = new TreeSet<>();
        for (String c : captions) {
            for (String w : c.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
                if (!w.isEmpty()) {
                    words.add(w);
                }
            }
        }
        return List.copyOf(words);
    }

    @Override
    public void close() {
        decoder.close();
    }
}
