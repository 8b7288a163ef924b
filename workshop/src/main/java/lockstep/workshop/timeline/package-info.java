/**
 * The picture of a race: one self-contained HTML page (inline SVG, CSS and a little script, no network) drawn
 * from the race's history on its one clock. {@link lockstep.workshop.timeline.Timeline} works out what to draw,
 * lanes, bars, marks, the fault and every violation, and {@link lockstep.workshop.timeline.TimelinePage} writes
 * the page.
 */
package lockstep.workshop.timeline;
