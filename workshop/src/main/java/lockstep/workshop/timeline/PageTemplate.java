package lockstep.workshop.timeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A page of the toolkit's (the race's timeline, the live view), read from the toolkit's resources, with the pieces
 * every page shares put in. One piece so far: the first script of the page, which keeps every error of the page on
 * the page itself ({@code data-errors} on the root element), so that a test, or you, can read it. It stands where the
 * page says {@value #KEEP_ERRORS}.
 */
public final class PageTemplate {

    /** Where a page's first script goes. */
    static final String KEEP_ERRORS = "<!--KEEP-ERRORS-->";
    private static final String KEEP_ERRORS_SCRIPT = "keep-errors.html";

    private PageTemplate() {
    }

    /** The page {@code name}, a resource beside {@code owner}, with the shared pieces put in. */
    public static String read(Class<?> owner, String name) {
        String page = resource(owner, name);
        if (!page.contains(KEEP_ERRORS)) {
            throw new IllegalStateException("the page " + name + " has lost its " + KEEP_ERRORS + " marker");
        }
        return page.replace(KEEP_ERRORS, resource(PageTemplate.class, KEEP_ERRORS_SCRIPT).strip());
    }

    private static String resource(Class<?> owner, String name) {
        try (InputStream in = owner.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the page " + name + " is missing from the toolkit");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
