package lockstep.workshop.lockserver.table;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Makes and compares holder tokens: 128 random bits from {@link SecureRandom}, written as 32 hex digits.
 *
 * <p>A holder token is the proof that "I am the client this lock was granted to". Owner names can be guessed (the
 * original API's flaw); 2^128 possibilities cannot. Comparison takes the same time whatever the input, so a client
 * cannot learn a token one digit at a time by timing wrong guesses.
 */
public final class HolderTokens {

    /** How long a holder token is: 32 hex digits. */
    public static final int HEX_LENGTH = 32;

    private final SecureRandom random = newRandom();

    String next() {
        byte[] bits = new byte[HEX_LENGTH / 2];
        random.nextBytes(bits);
        return HexFormat.of().formatHex(bits);
    }

    /**
     * A DRBG (NIST SP 800-90A) seeded once from the operating system: as unguessable as reading /dev/urandom for every
     * token, without a system call per grant.
     */
    private static SecureRandom newRandom() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException notOnThisJdk) {
            return new SecureRandom();
        }
    }

    static boolean same(String expected, String offered) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                offered.getBytes(StandardCharsets.US_ASCII));
    }

    /** True when {@code text} has the form of a holder token, whether or not it was ever handed out. */
    public static boolean looksLikeToken(String text) {
        if (text.length() != HEX_LENGTH) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.digit(text.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
