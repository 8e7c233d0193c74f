package dev.atelier.text.gguf;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The key-value metadata of a GGUF file, in file order, with typed accessors. A {@code getX}
 * for a missing key, or a key of an incompatible type, throws a
 * {@link dev.atelier.core.model.ModelIntegrityException} (UNAVAILABLE: the model file lacks what
 * it must have) naming the key; {@code optX} returns empty for a missing key but still rejects a
 * wrong type. Integer accessors accept every integer type whose value fits; float accessors accept
 * FLOAT32, FLOAT64 and integers. Returned arrays are copies.
 */
public final class GgufMetadata {

    private final Map<String, GgufValue> values;
    private final GgufOrigin origin;

    GgufMetadata(Map<String, GgufValue> values, GgufOrigin origin) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.origin = origin;
    }

    /** Every key, in file order. */
    public Set<String> keys() {
        return values.keySet();
    }

    /** Every entry, in file order. */
    public Map<String, GgufValue> asMap() {
        return values;
    }

    public boolean contains(String key) {
        return values.containsKey(key);
    }

    public Optional<GgufValue> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public GgufValue require(String key) {
        GgufValue v = values.get(key);
        if (v == null) {
            throw origin.unusable("has no metadata key " + GgufOrigin.quote(key));
        }
        return v;
    }

    public String getString(String key) {
        return string(key, require(key));
    }

    public Optional<String> optString(String key) {
        return get(key).map(v -> string(key, v));
    }

    public int getInt(String key) {
        return toInt(key, integer(key, require(key)));
    }

    public OptionalInt optInt(String key) {
        GgufValue v = values.get(key);
        return v == null ? OptionalInt.empty() : OptionalInt.of(toInt(key, integer(key, v)));
    }

    public long getLong(String key) {
        return integer(key, require(key));
    }

    public OptionalLong optLong(String key) {
        GgufValue v = values.get(key);
        return v == null ? OptionalLong.empty() : OptionalLong.of(integer(key, v));
    }

    public float getFloat(String key) {
        return (float) floating(key, require(key));
    }

    public Optional<Float> optFloat(String key) {
        return get(key).map(v -> (float) floating(key, v));
    }

    public double getDouble(String key) {
        return floating(key, require(key));
    }

    public boolean getBoolean(String key) {
        return bool(key, require(key));
    }

    public Optional<Boolean> optBoolean(String key) {
        return get(key).map(v -> bool(key, v));
    }

    public String[] getStringArray(String key) {
        return stringArray(key, require(key));
    }

    public Optional<String[]> optStringArray(String key) {
        return get(key).map(v -> stringArray(key, v));
    }

    public int[] getIntArray(String key) {
        return intArray(key, require(key));
    }

    public Optional<int[]> optIntArray(String key) {
        return get(key).map(v -> intArray(key, v));
    }

    public float[] getFloatArray(String key) {
        return floatArray(key, require(key));
    }

    public Optional<float[]> optFloatArray(String key) {
        return get(key).map(v -> floatArray(key, v));
    }

    /**
     * The error for a problem a caller finds in this metadata (say, tokenizer arrays of different
     * lengths): a {@link dev.atelier.core.model.ModelIntegrityException} naming the file.
     */
    public RuntimeException problem(String description) {
        return origin.unusable("has bad metadata: " + description);
    }

    private RuntimeException wrongType(String key, GgufValue v, String expected) {
        String found = v.type() == GgufValueType.ARRAY ? "an array of " + v.elementType() : v.type().toString();
        return origin.unusable("has metadata key " + GgufOrigin.quote(key) + " of type " + found + ", expected " + expected);
    }

    private String string(String key, GgufValue v) {
        if (v.type() != GgufValueType.STRING) {
            throw wrongType(key, v, "STRING");
        }
        return (String) v.value();
    }

    private boolean bool(String key, GgufValue v) {
        if (v.type() != GgufValueType.BOOL) {
            throw wrongType(key, v, "BOOL");
        }
        return (Boolean) v.value();
    }

    private long integer(String key, GgufValue v) {
        if (!v.type().isInteger()) {
            throw wrongType(key, v, "an integer");
        }
        long x = widen(v.type(), ((Number) v.value()).longValue());
        if (v.type() == GgufValueType.UINT64 && x < 0) {
            throw origin.unusable("has metadata key " + GgufOrigin.quote(key) + " = "
                    + Long.toUnsignedString(x) + ", too large for a signed 64-bit integer");
        }
        return x;
    }

    private int toInt(String key, long x) {
        if (x != (int) x) {
            throw origin.unusable("has metadata key " + GgufOrigin.quote(key) + " = " + x + ", out of the 32-bit range");
        }
        return (int) x;
    }

    private double floating(String key, GgufValue v) {
        return switch (v.type()) {
            case FLOAT32 -> (Float) v.value();
            case FLOAT64 -> (Double) v.value();
            default -> {
                if (!v.type().isInteger()) {
                    throw wrongType(key, v, "a number");
                }
                yield integer(key, v);
            }
        };
    }

    private String[] stringArray(String key, GgufValue v) {
        if (v.elementType() != GgufValueType.STRING) {
            throw wrongType(key, v, "an array of STRING");
        }
        return ((String[]) v.value()).clone();
    }

    private int[] intArray(String key, GgufValue v) {
        if (v.elementType() == null || !v.elementType().isInteger()) {
            throw wrongType(key, v, "an array of integers");
        }
        int n = v.length();
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            long x = widen(v.elementType(), bitsAt(v.value(), i));
            if (x != (int) x) {
                throw origin.unusable("has metadata key " + GgufOrigin.quote(key) + " with element " + i
                        + " = " + (v.elementType() == GgufValueType.UINT64 ? Long.toUnsignedString(x) : x)
                        + ", out of the 32-bit range");
            }
            out[i] = (int) x;
        }
        return out;
    }

    private float[] floatArray(String key, GgufValue v) {
        if (v.elementType() == GgufValueType.FLOAT32) {
            return ((float[]) v.value()).clone();
        }
        if (v.elementType() == GgufValueType.FLOAT64) {
            double[] d = (double[]) v.value();
            float[] out = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                out[i] = (float) d[i];
            }
            return out;
        }
        throw wrongType(key, v, "an array of FLOAT32");
    }

    private static long bitsAt(Object array, int i) {
        return switch (array) {
            case byte[] a -> a[i];
            case short[] a -> a[i];
            case int[] a -> a[i];
            case long[] a -> a[i];
            default -> throw new AssertionError(array.getClass());
        };
    }

    // Reads stored bits of an integer type with its signedness.
    private static long widen(GgufValueType type, long bits) {
        return switch (type) {
            case UINT8 -> bits & 0xFF;
            case UINT16 -> bits & 0xFFFF;
            case UINT32 -> bits & 0xFFFF_FFFFL;
            default -> bits;
        };
    }

    @Override
    public String toString() {
        return "GgufMetadata" + values.keySet();
    }
}
