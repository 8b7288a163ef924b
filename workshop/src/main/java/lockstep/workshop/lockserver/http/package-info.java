/**
 * The lock server's wire: HTTP/1.1 over TCP, from bytes to {@link lockstep.workshop.lockserver.api.ApiRequest
 * ApiRequest}s and from {@link lockstep.workshop.lockserver.api.ApiResponse ApiResponse}s back to bytes.
 *
 * <p>{@link lockstep.workshop.lockserver.http.HttpEventLoop HttpEventLoop} serves every connection from one thread
 * and keeps the limits (8 KiB of headers, 16 KiB of body, 10 s for a whole request, 60 s idle, 512 connections);
 * the parser and the encoder beside it are pure functions of their input.
 */
package lockstep.workshop.lockserver.http;
