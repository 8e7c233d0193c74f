package dev.atelier.core.runtime;

import java.nio.file.Path;

/**
 * Makes the native runtimes (DJL's libtorch, ONNX Runtime) work offline and unpack into a folder
 * the project chooses. Call {@link #configure()} before the first DJL or ONNX Runtime class loads;
 * it is idempotent and never overrides a value the user set.
 *
 * <p>Cache folder, first match wins: system property {@code atelier.cache.dir}, environment variable
 * {@code ATELIER_CACHE_DIR}, {@code $XDG_CACHE_HOME/atelier}, {@code ~/.cache/atelier}. DJL unpacks
 * libtorch under {@code <cache>/djl}. Tests point it inside {@code target/}.
 */
public final class NativeRuntime {
    private static volatile boolean configured;

    private NativeRuntime() {
    }

    public static synchronized void configure() {
        if (configured) {
            return;
        }
        // Nothing may be downloaded at run time: libtorch comes from the pytorch-native-* jar.
        setIfAbsent("ai.djl.offline", "true");
        String djlCache = cacheDir().resolve("djl").toString();
        // DJL reads these as system properties before environment variables.
        if (System.getenv("DJL_CACHE_DIR") == null) {
            setIfAbsent("DJL_CACHE_DIR", djlCache);
        }
        if (System.getenv("ENGINE_CACHE_DIR") == null) {
            setIfAbsent("ENGINE_CACHE_DIR", System.getProperty("DJL_CACHE_DIR", djlCache));
        }
        // DJL's default engine would otherwise be whichever is first on the class path.
        setIfAbsent("ai.djl.default_engine", "PyTorch");
        configured = true;
    }

    /** The folder where native libraries and other caches go. */
    public static Path cacheDir() {
        String dir = System.getProperty("atelier.cache.dir");
        if (dir == null || dir.isBlank()) {
            dir = System.getenv("ATELIER_CACHE_DIR");
        }
        if (dir != null && !dir.isBlank()) {
            return Path.of(dir).toAbsolutePath();
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank()
                ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("atelier").toAbsolutePath();
    }

    /** Where DJL unpacks libtorch once {@link #configure()} has run. */
    public static Path djlCacheDir() {
        String dir = System.getProperty("ENGINE_CACHE_DIR");
        if (dir == null) {
            dir = System.getenv("ENGINE_CACHE_DIR");
        }
        return dir != null ? Path.of(dir).toAbsolutePath() : cacheDir().resolve("djl");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
