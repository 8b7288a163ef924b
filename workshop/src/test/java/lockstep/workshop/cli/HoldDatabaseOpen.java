package lockstep.workshop.cli;

import java.sql.Connection;
import java.sql.DriverManager;

/** A separate program that opens an H2 file for itself alone and keeps it open until killed. */
public final class HoldDatabaseOpen {

    private HoldDatabaseOpen() {
    }

    public static void main(String[] args) throws Exception {
        try (Connection held = DriverManager.getConnection("jdbc:h2:file:" + args[0])) {
            System.out.println("holding");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
