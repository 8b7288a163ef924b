package lockstep.workshop.lab;

/**
 * The seam between the toolkit and a lab: how the race harness, the {@code book} command and the
 * grader open a node running the lab's booking code. Each lab has exactly one, named
 * {@code lockstep.labNN.LabNN}; the learner's starter, the reference solution and every
 * known-buggy variant share it, so one grader judges them all.
 */
public interface LabBooking {

    /** Opens one node named {@code node.name()}, ready to serve buyers. */
    BookingNode openNode(NodeContext node) throws Exception;
}
