package lockstep.workshop.race;

/** Hears each answer as a buyer gets it (for the progress bar); the database has the record. */
@FunctionalInterface
interface AnswerSink {

    /** {@code buyer} was told {@code answerKind}: booked, taken or failed. */
    void answered(String buyer, String answerKind);
}
