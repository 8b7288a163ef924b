package lockstep.workshop.lockserver.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import lockstep.workshop.lockserver.api.ApiResponse;

/** Writes an {@link ApiResponse} as HTTP/1.1 bytes: status line, headers, blank line, JSON body. */
final class ResponseEncoder {

    private ResponseEncoder() {
    }

    /** Appends {@code response} to {@code out}; with {@code close}, tells the client the connection ends after it. */
    static void write(ApiResponse response, boolean close, ByteArrayOutputStream out) {
        byte[] body = response.json().getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(160)
                .append("HTTP/1.1 ").append(response.status()).append(' ').append(response.reasonPhrase())
                .append("\r\n")
                .append("Content-Type: application/json\r\n")
                .append("Content-Length: ").append(body.length).append("\r\n");
        response.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (close) {
            head.append("Connection: close\r\n");
        }
        head.append("\r\n");
        out.writeBytes(head.toString().getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body);
    }
}
