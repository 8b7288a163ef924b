package lockstep.workshop.timeline;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a timeline page drew, read from the DOM Chromium dumped after the page's script ran. */
final class DrawnPage {

    private final String dom;

    DrawnPage(String dom) {
        this.dom = dom;
    }

    /** An attribute of the page's root element, such as {@code data-errors}; null when absent. */
    String rootAttribute(String name) {
        Matcher html = Pattern.compile("<html[^>]*>").matcher(dom);
        if (!html.find()) {
            return null;
        }
        Matcher attribute = Pattern.compile(" " + Pattern.quote(name) + "=\"([^\"]*)\"").matcher(html.group());
        return attribute.find() ? attribute.group(1) : null;
    }

    /** The node of each lane, top to bottom. */
    List<String> lanes() {
        return all("<g class=\"lane\" data-node=\"([^\"]+)\"");
    }

    /** How many violations the page lists (its list's count). */
    int violationCount() {
        List<String> count = all("<ol id=\"violations\" data-count=\"(\\d+)\"");
        return count.isEmpty() ? -1 : Integer.parseInt(count.get(0));
    }

    /** The sentences of the listed violations of one kind. */
    List<String> violations(String kind) {
        return all("<li class=\"violation " + Pattern.quote(kind) + "\">([^<]*)</li>");
    }

    /** The drawing of one layer of the chart: the path data of the path with this class. */
    String path(String layer) {
        List<String> data = all("<path class=\"" + Pattern.quote(layer) + "\" d=\"([^\"]*)\"");
        return data.isEmpty() ? null : data.get(0);
    }

    /** The width in pixels of the fault band, or -1 if none is drawn. */
    double faultBandWidth() {
        List<String> bands = all("<rect class=\"fault-band\"[^>]* width=\"([0-9.]+)\"");
        return bands.isEmpty() ? -1 : Double.parseDouble(bands.get(0));
    }

    /** How many elements the chart's one SVG holds. */
    int elementsInChart() {
        int start = dom.indexOf("<svg id=\"chart\"");
        int end = dom.indexOf("</svg>", start);
        return (int) dom.substring(start, end).chars().filter(c -> c == '<').count();
    }

    String text() {
        return dom;
    }

    private List<String> all(String regex) {
        List<String> found = new ArrayList<>();
        Matcher matcher = Pattern.compile(regex).matcher(dom);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }
}
