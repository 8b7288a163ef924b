package lockstep.workshop.timeline;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import lockstep.workshop.race.RaceResult;

/**
 * Writes a {@link Timeline} as one HTML file that needs nothing else: the page's style and script are inline,
 * the race is embedded as JSON, and the script draws it into one SVG. It opens from disk, without a network.
 *
 * <pre>
 * Path page = TimelinePage.write(Timeline.of(result), Path.of("race.html"));
 * </pre>
 */
public final class TimelinePage {

    /** The page's HTML, style and script; the race's data goes where this marker stands. */
    private static final String TEMPLATE = "timeline.html";
    private static final String DATA_MARKER = "/*RACE-DATA*/";

    private TimelinePage() {
    }

    /** Writes the timeline of {@code result} to {@code file} and returns the file's absolute path. */
    public static Path write(RaceResult result, Path file) throws IOException {
        return write(Timeline.of(result), file);
    }

    /** Writes {@code timeline} to {@code file} (its folders are created) and returns the file's absolute path. */
    public static Path write(Timeline timeline, Path file) throws IOException {
        Path target = file.toAbsolutePath();
        if (target.getParent() != null) {
            Files.createDirectories(target.getParent());
        }
        Files.writeString(target, html(timeline), StandardCharsets.UTF_8);
        return target;
    }

    /** The whole page as text. */
    public static String html(Timeline timeline) {
        String template = PageTemplate.read(TimelinePage.class, TEMPLATE);
        int marker = template.indexOf(DATA_MARKER);
        if (marker < 0) {
            throw new IllegalStateException("the timeline template has lost its " + DATA_MARKER + " marker");
        }
        return template.substring(0, marker) + json(timeline) + template.substring(marker + DATA_MARKER.length());
    }

    /** The race as JSON that is safe inside a script element: no '<' can end the element early. */
    private static String json(Timeline timeline) {
        try {
            return JSON.std.asString(timeline.toData()).replace("<", "\\u003c");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
