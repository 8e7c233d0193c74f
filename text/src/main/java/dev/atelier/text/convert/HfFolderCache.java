package dev.atelier.text.convert;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.progress.ProgressListener;
import dev.atelier.core.runtime.NativeRuntime;
import dev.atelier.text.safetensors.SafetensorsDtype;
import dev.atelier.text.safetensors.SafetensorsModel;
import dev.atelier.text.safetensors.SafetensorsTensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Lets the engine run a Hugging Face folder ({@code config.json} + {@code *.safetensors} +
 * {@code tokenizer.json}) directly: the folder is converted once, on first use, into a GGUF in the
 * cache ({@code <cache>/converted/<key>.gguf}), which the engine then loads like any other. The key
 * hashes the folder's JSON files and each weight file's name, size and modification time, so an
 * edited folder is converted again. Matrices keep their precision: BF16 stays BF16, F16 stays F16,
 * F32 stays F32 (nothing is quantized behind the user's back).
 */
public final class HfFolderCache {

    private HfFolderCache() {
    }

    /** True when {@code path} is a folder that looks like a Hugging Face model. */
    public static boolean isHfFolder(Path path) {
        return Files.isDirectory(path) && Files.isRegularFile(path.resolve("config.json"));
    }

    /** The GGUF for {@code folder} in the default cache, converting it first when it is absent. */
    public static Path gguf(Path folder, ProgressListener progress) {
        return gguf(folder, NativeRuntime.cacheDir().resolve("converted"), progress);
    }

    /** The GGUF for {@code folder} under {@code cacheDir}, converting it first when it is absent. */
    public static Path gguf(Path folder, Path cacheDir, ProgressListener progress) {
        if (!isHfFolder(folder)) {
            throw AtelierException.invalidArgument("model", "not a Hugging Face model folder (no config.json): "
                    + AtelierException.quote(String.valueOf(folder.getFileName())));
        }
        try {
            Path out = cacheDir.resolve(key(folder) + ".gguf");
            if (!Files.isRegularFile(out)) {
                Files.createDirectories(cacheDir);
                HfToGgufConverter.builder().setType(precisionOf(folder)).optProgress(progress).build().convert(folder, out);
            }
            return out;
        } catch (IOException e) {
            throw new AtelierException(dev.atelier.core.error.ErrorCode.UNAVAILABLE,
                    "cannot convert model folder " + AtelierException.quote(String.valueOf(folder.getFileName()))
                            + ": " + e.getMessage(), "model", e);
        }
    }

    /** The widest float type among the folder's matrices, so that conversion loses nothing. */
    static FileType precisionOf(Path folder) {
        try (SafetensorsModel weights = SafetensorsModel.open(folder)) {
            boolean f16 = false;
            boolean bf16 = false;
            for (SafetensorsTensor t : weights.tensors()) {
                if (t.shape().length < 2) {
                    continue;
                }
                if (t.dtype() == SafetensorsDtype.F32 || t.dtype() == SafetensorsDtype.F64) {
                    return FileType.F32;
                }
                f16 |= t.dtype() == SafetensorsDtype.F16;
                bf16 |= t.dtype() == SafetensorsDtype.BF16;
            }
            // Both halves present: only F32 holds both exactly.
            return f16 && bf16 ? FileType.F32 : bf16 ? FileType.BF16 : FileType.F16;
        }
    }

    static String key(Path folder) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            String name = f.getFileName().toString();
            if (name.endsWith(".json")) {
                sha.update(name.getBytes(StandardCharsets.UTF_8));
                sha.update(Files.readAllBytes(f));
            } else if (name.endsWith(".safetensors")) {
                sha.update((name + '\0' + Files.size(f) + '\0' + Files.getLastModifiedTime(f).toMillis())
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
        return HexFormat.of().formatHex(sha.digest(), 0, 16);
    }
}
