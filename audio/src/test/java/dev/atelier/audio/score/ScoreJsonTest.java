package dev.atelier.audio.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.audio.Clip;
import dev.atelier.audio.dsp.OnsetDetector;
import dev.atelier.audio.dsp.PitchMethod;
import dev.atelier.audio.dsp.PitchTracker;
import dev.atelier.audio.synth.Waveform;
import dev.atelier.core.error.AtelierException;
import dev.atelier.core.error.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScoreJsonTest {
    private static final String SCORE = """
            {"title": "two voices", "tempo": 120, "reverb": "off",
             "instruments": {"lead": {"preset": "flute", "pan": -0.2, "amplitude": {"attack": 0.003, "decay": 0.2, "sustain": 0.6, "release": 0.1}},
                             "low": {"waveform": "saw", "amplitude": {"attack": 0.002, "decay": 0.1, "sustain": 0.7, "release": 0.05},
                                     "filter": {"mode": "low_pass", "cutoff": 1200, "resonance": 1.0}}},
             "notes": [
               {"instrument": "lead", "time": 0, "pitch": "A4", "velocity": 0.8, "duration": 1},
               {"instrument": "lead", "time": 2.5, "pitch": 76, "duration": 1},
               {"instrument": "low", "time": 1.5, "pitch": "A2", "duration": 0.5}
             ]}
            """;

    @Test
    void readsInstrumentsNotesAndTempo() {
        Score s = ScoreJson.parse(SCORE);
        assertEquals("two voices", s.title());
        assertEquals(2, s.parts().size());
        assertEquals(Waveform.SAW, s.parts().get(1).patch().waveform());
        assertEquals(1.25, s.parts().get(0).notes().get(1).time(), 1e-12); // beat 2.5 at 120 bpm
        assertEquals(0.5, s.parts().get(0).notes().get(0).duration(), 1e-12);
        assertEquals(45, s.parts().get(1).notes().get(0).pitch());
    }

    @Test
    void rendersWhatItSays() {
        Clip clip = ScoreJson.parse(SCORE).render(44_100);
        List<Double> onsets = OnsetDetector.defaults().detect(clip);
        assertEquals(3, onsets.size(), onsets::toString);
        double[] want = {0, 0.75, 1.25};
        for (int i = 0; i < 3; i++) {
            assertEquals(want[i], onsets.get(i), 0.01);
        }
        double a4 = new PitchTracker(PitchMethod.YIN, 2048, 256).medianHz(clip, 0.08, 0.48);
        assertEquals(440, a4, 440 * (Math.pow(2, 1 / 1200.0) - 1) * 20); // vibrato: within 20 cents of centre
    }

    @Test
    void wavetableAndFmPatchesFromJson() {
        Score s = ScoreJson.parse("""
                {"instruments": {"w": {"waveform": "wavetable", "harmonics": [1, 0, 0.3]},
                                 "f": {"waveform": "fm", "fm": {"algorithm": "stack_2", "feedback": 0.2,
                                       "operators": [{"ratio": 1, "level": 0.8}, {"ratio": 2, "level": 1.5}]}}},
                 "notes": [{"instrument": "w", "time": 0, "pitch": 57, "duration": 0.5},
                           {"instrument": "f", "time": 0.6, "pitch": 57, "duration": 0.5}]}
                """);
        Clip clip = s.render(44_100);
        PitchTracker yin = new PitchTracker(PitchMethod.YIN, 2048, 256);
        assertEquals(220, yin.medianHz(clip, 0.05, 0.45), 220 * 0.0006); // 1 cent
        assertEquals(220, yin.medianHz(clip, 0.65, 1.05), 220 * 0.0006);
        AtelierException e = assertThrows(AtelierException.class, () -> ScoreJson.parse(
                "{\"instruments\": {\"f\": {\"waveform\": \"fm\", \"fm\": {\"algorithm\": \"stack_4\", \"operators\": []}}}, \"notes\": []}"));
        assertEquals("instruments.f.fm.operators", e.param());
    }

    @Test
    void strictValidationNamesThePath() {
        String[][] cases = {
                {"{\"instruments\": {\"a\": \"piano\"}, \"notes\": [{\"time\": 0, \"pitch\": 200, \"duration\": 1}]}", "notes[0].pitch"},
                {"{\"instruments\": {\"a\": \"piano\"}, \"notes\": [{\"time\": -1, \"pitch\": 60, \"duration\": 1}]}", "notes[0].time"},
                {"{\"instruments\": {\"a\": \"piano\"}, \"notes\": [{\"time\": 0, \"pitch\": 60, \"duration\": 1, \"colour\": 1}]}", "notes[0].colour"},
                {"{\"instruments\": {\"a\": \"kazoo\"}, \"notes\": []}", "instruments.a"},
                {"{\"instruments\": {\"a\": {\"waveform\": \"saw\", \"gain\": \"loud\"}}, \"notes\": []}", "instruments.a.gain"},
                {"{\"instruments\": {\"a\": \"piano\", \"b\": \"bell\"}, \"notes\": [{\"time\": 0, \"pitch\": 60, \"duration\": 1}]}", "notes[0].instrument"},
                {"{\"instruments\": {\"a\": \"piano\"}, \"notes\": [{\"time\": 0, \"pitch\": \"H9\", \"duration\": 1}]}", "notes[0].pitch"},
                {"{\"instruments\": {\"a\": \"piano\"}, \"notes\": [{\"time\": 0, \"pitch\": 60, \"duration\": 0}]}", "notes[0].duration"},
                {"{\"instruments\": {\"a\": \"piano\"}, \"tempo\": 0, \"notes\": []}", "score.tempo"},
                {"[1, 2]", "score"},
                {"{\"instruments\": {\"a\": \"piano\"}, \"notes\": [", "score"},
        };
        for (String[] c : cases) {
            AtelierException e = assertThrows(AtelierException.class, () -> ScoreJson.parse(c[0]), c[0]);
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
            assertEquals(c[1], e.param(), e.getMessage());
        }
    }

    @Test
    void tooLongAScoreIsRefusedBeforeRendering() {
        String late = "{\"instruments\": {\"a\": \"piano\"}, \"notes\": [{\"time\": 900, \"pitch\": 60, \"duration\": 1}]}";
        assertEquals("notes[0].time", assertThrows(AtelierException.class, () -> ScoreJson.parse(late)).param());
        String longNote = "{\"instruments\": {\"a\": \"piano\"}, \"notes\": [{\"time\": 500, \"pitch\": 60, \"duration\": 300}]}";
        Score s = ScoreJson.parse(longNote);
        AtelierException e = assertThrows(AtelierException.class, () -> s.render(44_100));
        assertTrue(e.getMessage().contains("600"), e.getMessage());
    }
}
