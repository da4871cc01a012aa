package dev.slipway.pipelines;

/**
 * A piece of an attempt's log.
 *
 * @param text the text
 * @param nextOffset the byte offset to ask for next
 * @param complete whether the attempt has ended and nothing follows
 */
public record LogText(String text, long nextOffset, boolean complete) {
}
