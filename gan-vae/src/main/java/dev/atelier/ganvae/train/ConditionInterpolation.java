package dev.atelier.ganvae.train;

import dev.atelier.core.error.AtelierException;
import dev.atelier.ganvae.model.Condition;
import java.util.Locale;

/**
 * When the generator also trains on interpolated conditions (GAN-INT, Reed et al. 2016: half of each
 * generator batch gets ½ (c₁ + c₂)). It exists for continuous sentence embeddings, whose space
 * between captions is meaningful; the mean of two one-hot classes names no class and rewards images
 * that pass for either, so by default only text conditions are interpolated.
 */
public enum ConditionInterpolation {
    TEXT, ALWAYS, NEVER;

    public boolean appliesTo(Condition condition) {
        return switch (this) {
            case TEXT -> condition.kind() == Condition.Kind.TEXT;
            case ALWAYS -> condition.present();
            case NEVER -> false;
        };
    }

    public static ConditionInterpolation parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw AtelierException.invalidArgument("interpolation", "condition interpolation is 'text', 'always' "
                    + "or 'never', got '" + name + "'");
        }
    }
}
