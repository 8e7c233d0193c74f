package dev.atelier.core.model;

import java.util.List;

/**
 * What a scan of the model roots found: the usable models, sorted by name, and one problem per
 * broken model folder (bad manifest, bad folder name). Broken models are reported here rather than
 * skipped silently, so {@code atelier models} and the gateway can show why a model is missing.
 */
public record ModelListing(List<ModelManifest> models, List<ModelIntegrityException> problems) {
    public ModelListing {
        models = List.copyOf(models);
        problems = List.copyOf(problems);
    }

    public List<String> names() {
        return models.stream().map(ModelManifest::name).toList();
    }
}
