package dev.atelier.text.tokenizer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Cuts text at occurrences of special tokens, which are then taken whole instead of being
 * tokenized as text. Longer tokens are matched first over the whole text, then shorter ones in
 * what is left, as llama.cpp does, so {@code <|im_start|>} wins over a token that is its prefix.
 */
final class SpecialTokenSplitter {

    /** A piece of text: either raw text ({@code id < 0}) or one special token. */
    record Fragment(String text, int id) {
        boolean isText() {
            return id < 0;
        }
    }

    private record Special(String text, int id) {
    }

    private final List<Special> always;
    private final List<Special> withSpecial;

    /** Control and unknown tokens are matched only when allowed; user-defined ones always. */
    SpecialTokenSplitter(Vocabulary vocab) {
        List<Special> a = new ArrayList<>();
        List<Special> w = new ArrayList<>();
        for (int id = 0; id < vocab.size(); id++) {
            String text = vocab.token(id);
            if (text.isEmpty() || vocab.id(text).orElse(-1) != id) {
                continue;
            }
            switch (vocab.type(id)) {
                case USER_DEFINED -> {
                    a.add(new Special(text, id));
                    w.add(new Special(text, id));
                }
                case CONTROL, UNKNOWN -> w.add(new Special(text, id));
                default -> {
                }
            }
        }
        Comparator<Special> longestFirst = Comparator.comparingInt((Special s) -> -s.text.length()).thenComparingInt(s -> s.id);
        a.sort(longestFirst);
        w.sort(longestFirst);
        this.always = List.copyOf(a);
        this.withSpecial = List.copyOf(w);
    }

    List<Fragment> split(String text, boolean allowSpecial) {
        List<Fragment> fragments = new ArrayList<>();
        fragments.add(new Fragment(text, -1));
        for (Special s : allowSpecial ? withSpecial : always) {
            if (!text.contains(s.text)) {
                continue;
            }
            List<Fragment> next = new ArrayList<>(fragments.size() + 2);
            for (Fragment f : fragments) {
                if (!f.isText()) {
                    next.add(f);
                    continue;
                }
                int from = 0;
                int at;
                while ((at = f.text.indexOf(s.text, from)) >= 0) {
                    if (at > from) {
                        next.add(new Fragment(f.text.substring(from, at), -1));
                    }
                    next.add(new Fragment(s.text, s.id));
                    from = at + s.text.length();
                }
                if (from < f.text.length()) {
                    next.add(new Fragment(f.text.substring(from), -1));
                }
            }
            fragments = next;
        }
        if (fragments.size() == 1 && fragments.get(0).isText() && fragments.get(0).text.isEmpty()) {
            return List.of();
        }
        return fragments;
    }
}
