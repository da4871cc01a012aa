package dev.slipway.pipelines;

/**
 * A piece of a log.
 *
 * @param text the bytes read, decoded as UTF-8 (a character cut at the end is left for
 * the next read)
 * @param nextOffset the byte offset to read from next
 * @param complete whether the attempt has ended and nothing follows {@code nextOffset}
 */
public record LogChunk(String text, long nextOffset, boolean complete) {
}
