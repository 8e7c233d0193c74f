package dev.atelier.text.gguf;

import dev.atelier.core.error.AtelierException;
import java.util.Arrays;
import java.util.Objects;

/**
 * One GGUF metadata value. Integers keep their stored bits in the Java type of their width
 * ({@code Byte} for UINT8/INT8, {@code Short}, {@code Integer}, {@code Long}), so unsigned values
 * round-trip unchanged; {@link GgufMetadata}'s accessors read them with the right signedness.
 * Arrays hold a primitive array of that same width ({@code byte[]}, {@code short[]}, {@code int[]},
 * {@code long[]}, {@code float[]}, {@code double[]}, {@code boolean[]}), a {@code String[]}, or a
 * {@code GgufValue[]} of arrays for nested arrays.
 *
 * @param type the value's type
 * @param elementType the element type for {@link GgufValueType#ARRAY}, otherwise null
 * @param value the value, as described above
 */
public record GgufValue(GgufValueType type, GgufValueType elementType, Object value) {

    public GgufValue {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        if ((type == GgufValueType.ARRAY) != (elementType != null)) {
            throw AtelierException.invalidArgument("elementType", "an element type is given for arrays, and only for them");
        }
        Class<?> expected = type == GgufValueType.ARRAY ? arrayClass(elementType) : scalarClass(type);
        if (!expected.isInstance(value)) {
            throw AtelierException.invalidArgument("value", type + (elementType == null ? "" : " of " + elementType)
                    + " needs a " + expected.getSimpleName() + ", got a " + value.getClass().getSimpleName());
        }
        if (value instanceof String[] strings && Arrays.asList(strings).contains(null)) {
            throw AtelierException.invalidArgument("value", "a string array must not contain null");
        }
        if (value instanceof GgufValue[] nested) {
            for (GgufValue v : nested) {
                if (v == null || v.type != GgufValueType.ARRAY) {
                    throw AtelierException.invalidArgument("value", "an array of arrays must hold only arrays");
                }
            }
        }
    }

    private static Class<?> scalarClass(GgufValueType type) {
        return switch (type) {
            case UINT8, INT8 -> Byte.class;
            case UINT16, INT16 -> Short.class;
            case UINT32, INT32 -> Integer.class;
            case UINT64, INT64 -> Long.class;
            case FLOAT32 -> Float.class;
            case FLOAT64 -> Double.class;
            case BOOL -> Boolean.class;
            case STRING -> String.class;
            case ARRAY -> throw new AssertionError();
        };
    }

    private static Class<?> arrayClass(GgufValueType element) {
        return switch (element) {
            case UINT8, INT8 -> byte[].class;
            case UINT16, INT16 -> short[].class;
            case UINT32, INT32 -> int[].class;
            case UINT64, INT64 -> long[].class;
            case FLOAT32 -> float[].class;
            case FLOAT64 -> double[].class;
            case BOOL -> boolean[].class;
            case STRING -> String[].class;
            case ARRAY -> GgufValue[].class;
        };
    }

    public static GgufValue uint8(int v) {
        return new GgufValue(GgufValueType.UINT8, null, (byte) checkRange("uint8", v, 0, 0xFF));
    }

    public static GgufValue int8(int v) {
        return new GgufValue(GgufValueType.INT8, null, (byte) checkRange("int8", v, Byte.MIN_VALUE, Byte.MAX_VALUE));
    }

    public static GgufValue uint16(int v) {
        return new GgufValue(GgufValueType.UINT16, null, (short) checkRange("uint16", v, 0, 0xFFFF));
    }

    public static GgufValue int16(int v) {
        return new GgufValue(GgufValueType.INT16, null, (short) checkRange("int16", v, Short.MIN_VALUE, Short.MAX_VALUE));
    }

    public static GgufValue uint32(long v) {
        return new GgufValue(GgufValueType.UINT32, null, (int) checkRange("uint32", v, 0, 0xFFFF_FFFFL));
    }

    public static GgufValue int32(int v) {
        return new GgufValue(GgufValueType.INT32, null, v);
    }

    /** A UINT64; values past {@code Long.MAX_VALUE} are given as their two's-complement bits. */
    public static GgufValue uint64(long bits) {
        return new GgufValue(GgufValueType.UINT64, null, bits);
    }

    public static GgufValue int64(long v) {
        return new GgufValue(GgufValueType.INT64, null, v);
    }

    public static GgufValue float32(float v) {
        return new GgufValue(GgufValueType.FLOAT32, null, v);
    }

    public static GgufValue float64(double v) {
        return new GgufValue(GgufValueType.FLOAT64, null, v);
    }

    public static GgufValue bool(boolean v) {
        return new GgufValue(GgufValueType.BOOL, null, v);
    }

    public static GgufValue string(String v) {
        return new GgufValue(GgufValueType.STRING, null, v);
    }

    /** An array of {@code elementType} holding {@code values} in the representation described above (not copied). */
    public static GgufValue array(GgufValueType elementType, Object values) {
        return new GgufValue(GgufValueType.ARRAY, Objects.requireNonNull(elementType, "elementType"), values);
    }

    public static GgufValue stringArray(String... values) {
        return array(GgufValueType.STRING, values);
    }

    public static GgufValue int32Array(int... values) {
        return array(GgufValueType.INT32, values);
    }

    public static GgufValue float32Array(float... values) {
        return array(GgufValueType.FLOAT32, values);
    }

    /** Number of elements of an array value; 1 for a scalar. */
    public int length() {
        return type == GgufValueType.ARRAY ? java.lang.reflect.Array.getLength(value) : 1;
    }

    private static long checkRange(String what, long v, long min, long max) {
        if (v < min || v > max) {
            throw AtelierException.invalidArgument("value", v + " is out of range for " + what);
        }
        return v;
    }

    // Deep equality so that values holding arrays compare by content.
    @Override
    public boolean equals(Object o) {
        return o instanceof GgufValue other && type == other.type && elementType == other.elementType
                && Objects.deepEquals(value, other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, elementType) * 31 + Arrays.deepHashCode(new Object[] {value});
    }

    @Override
    public String toString() {
        if (type != GgufValueType.ARRAY) {
            return type + ":" + value;
        }
        String shown = Arrays.deepToString(new Object[] {value});
        shown = shown.substring(1, shown.length() - 1);
        return "ARRAY<" + elementType + ">[" + length() + "]" + (shown.length() > 200 ? shown.substring(0, 200) + "…" : shown);
    }
}
