package dev.atelier.text.cli;

import dev.atelier.text.convert.FileType;
import picocli.CommandLine.ITypeConverter;

/** Reads {@code --type} values (f32, f16, bf16, q8_0, q4_0; any case) for the format commands. */
final class FileTypeConverter implements ITypeConverter<FileType> {
    @Override
    public FileType convert(String value) {
        return FileType.parse(value);
    }
}
