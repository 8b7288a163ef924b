/**
 * The lock server's wire: HTTP/1.1 over TCP, from bytes to {@link lockstep.workshop.lockserver.api.ApiRequest
 * ApiRequest}s and from {@link lockstep.workshop.lockserver.api.ApiResponse ApiResponse}s back to bytes.
 *
 * <p>{@link lockstep.workshop.lockserver.http.HttpEventLoop HttpEventLoop} serves every connection from one thread
 * and keeps the limits (8 KiB of headers, 16 KiB of body, 10 s for a whole request, 60 s idle, 512 connections);
 * the parser and the encoder beside it are pure functions of their input.
 *
 * <p>Why hand-written, when Netty (which ZooKeeper already brings) has an HTTP codec: a wire on Netty's codec was
 * built beside this one and measured with {@code LoadTest} in one run, the two servers taking turns (16 keep-alive
 * clients, every grant and release forced to disk; 2026-12-02, Java 17, 2 cores, load average below 3). This loop
 * carried a median of 9,005 durable acquire+release pairs per second, Netty's 8,736 (0.95 of this loop's rate, round
 * by round), at 113 and 126 microseconds of CPU per pair. The bar for replacing this loop was 10,000 pairs per second,
 * and Netty's codec did not reach it; it would also have added about 600 lines of its own wiring, so this loop stays.
 */
package lockstep.workshop.lockserver.http;
