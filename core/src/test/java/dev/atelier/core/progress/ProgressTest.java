package dev.atelier.core.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void eventsArriveInOrderWithCurrentTotalAndMetrics() {
        List<ProgressEvent> events = new ArrayList<>();
        try (Progress progress = Progress.start("train", 3, "steps", events::add, Duration.ZERO)) {
            progress.message("epoch 1");
            progress.metric("loss", 2.5);
            progress.step();
            progress.metric("loss", 2.0);
            progress.step(2);
        }
        assertEquals(List.of(0L, 1L, 3L, 3L), events.stream().map(ProgressEvent::current).toList());
        assertEquals(List.of(false, false, false, true), events.stream().map(ProgressEvent::done).toList());
        ProgressEvent last = events.get(events.size() - 1);
        assertEquals("train", last.task());
        assertEquals(3, last.total());
        assertEquals("steps", last.unit());
        assertEquals("epoch 1", last.message());
        assertEquals(Map.of("loss", 2.0), last.metrics());
        assertEquals(1.0, last.fraction());
        assertEquals(Map.of("loss", 2.5), events.get(1).metrics());
        for (int i = 1; i < events.size(); i++) {
            assertTrue(events.get(i).elapsedMillis() >= events.get(i - 1).elapsedMillis());
        }
    }

    @Test
    void throttlingDropsIntermediateEventsButNeverTheLast() {
        List<ProgressEvent> events = new ArrayList<>();
        Progress progress = Progress.start("load", -1, "bytes", events::add, Duration.ofHours(1));
        for (int i = 0; i < 1_000_000; i++) {
            progress.step();
        }
        assertEquals(1, events.size(), "only the start event within the interval");
        progress.close();
        progress.close(); // idempotent
        progress.step(); // late steps after close send nothing
        assertEquals(2, events.size());
        ProgressEvent last = events.get(1);
        assertTrue(last.done());
        assertEquals(1_000_000, last.current());
        assertEquals(ProgressEvent.UNKNOWN_TOTAL, last.total());
        assertFalse(last.totalKnown());
        assertEquals(-1, last.fraction());
    }

    @Test
    void reachingTheTotalIsSentAtOnceEvenWhenThrottled() {
        List<ProgressEvent> events = new ArrayList<>();
        Progress progress = Progress.start("gen", 10, "images", events::add, Duration.ofHours(1));
        progress.set(10);
        assertEquals(10, events.get(events.size() - 1).current());
        assertFalse(events.get(events.size() - 1).done());
        progress.close();
    }

    @Test
    void twoThreadsSteppingLoseNoStepAndEventsStayOrderedAndSerial() throws Exception {
        List<ProgressEvent> events = new CopyOnWriteArrayList<>();
        AtomicBoolean inListener = new AtomicBoolean();
        AtomicBoolean overlapped = new AtomicBoolean();
        ProgressListener listener = event -> {
            if (!inListener.compareAndSet(false, true)) {
                overlapped.set(true);
            }
            events.add(event);
            inListener.set(false);
        };
        int perThread = 200_000;
        Progress progress = Progress.start("train", 2L * perThread, "steps", listener, Duration.ofNanos(1000));
        CountDownLatch go = new CountDownLatch(1);
        Runnable worker = () -> {
            try {
                go.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            for (int i = 0; i < perThread; i++) {
                progress.step();
            }
        };
        Thread a = new Thread(worker);
        Thread b = new Thread(worker);
        a.start();
        b.start();
        go.countDown();
        a.join();
        b.join();
        progress.close();

        assertFalse(overlapped.get(), "the listener must never be called by two threads at once");
        ProgressEvent last = events.get(events.size() - 1);
        assertTrue(last.done());
        assertEquals(2L * perThread, last.current());
        assertEquals(1, events.stream().filter(ProgressEvent::done).count());
        for (int i = 1; i < events.size(); i++) {
            assertTrue(events.get(i).current() >= events.get(i - 1).current(), "events out of order at " + i);
        }
    }

    @Test
    void listenersCombineAndCanStopAJob() {
        List<String> seen = new ArrayList<>();
        ProgressListener first = e -> seen.add("first " + e.current());
        ProgressListener second = e -> seen.add("second " + e.current());
        assertSame(first, ProgressListener.NONE.andThen(first));
        assertSame(first, first.andThen(ProgressListener.NONE));
        try (Progress progress = Progress.start("t", 1, "steps", first.andThen(second), Duration.ZERO)) {
            progress.step();
        }
        assertEquals(List.of("first 0", "second 0", "first 1", "second 1", "first 1", "second 1"), seen);

        ProgressListener cancelling = e -> {
            if (e.current() >= 5) {
                throw new IllegalStateException("client went away");
            }
        };
        Progress progress = Progress.start("t", 10, "steps", cancelling, Duration.ZERO);
        progress.step(4);
        assertThrows(IllegalStateException.class, () -> progress.step());
    }

    @Test
    void rejectsNegativeSteps() {
        Progress progress = Progress.start("t", 1, "steps", ProgressListener.NONE);
        assertThrows(IllegalArgumentException.class, () -> progress.step(-1));
        assertThrows(IllegalArgumentException.class, () -> progress.set(-1));
        progress.close();
    }
}
