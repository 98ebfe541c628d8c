package dev.conduit.workqueue;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Turns items into bytes and back, so that they can be stored by a broker and read by another
 * process. Codecs are explicit: Conduit never uses Java serialization, whose format ties a queue to
 * one program's classes and runs code while reading.
 *
 * <p>Implementations must be thread-safe and stateless between calls; {@code decode(encode(x))}
 * must equal {@code x}.
 *
 * @param <T> the item type
 */
public interface ItemCodec<T> {

    /**
     * Encodes an item.
     *
     * @param item the item, not {@code null}
     * @return its bytes; the caller owns the array
     * @throws IllegalArgumentException if the item cannot be encoded (the message says why)
     */
    byte[] encode(T item);

    /**
     * Decodes an item.
     *
     * @param bytes what {@link #encode} produced (possibly by another process)
     * @return the item, not {@code null}
     * @throws IllegalArgumentException if the bytes are not a valid item (the message says why); a
     *                                  queue dead-letters such an item with that reason instead of
     *                                  handing it out
     */
    T decode(byte[] bytes);

    /**
     * Makes a strict UTF-8 codec for strings.
     *
     * @return a codec for strings as UTF-8 that refuses malformed input instead of replacing it
     */
    static ItemCodec<String> utf8() {
        return Utf8.INSTANCE;
    }

    /**
     * Makes a codec for byte arrays.
     *
     * @return a codec for byte arrays, copied both ways
     */
    static ItemCodec<byte[]> bytes() {
        return Bytes.INSTANCE;
    }

    /** The strict UTF-8 codec behind {@link #utf8()}. */
    final class Utf8 implements ItemCodec<String> {
        static final Utf8 INSTANCE = new Utf8();

        private Utf8() {
        }

        @Override
        public byte[] encode(String item) {
            return Objects.requireNonNull(item, "item").getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String decode(byte[] bytes) {
            try {
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                throw new IllegalArgumentException("not valid UTF-8 (" + bytes.length + " bytes): " + e, e);
            }
        }

        @Override
        public String toString() {
            return "utf8";
        }
    }

    /** The byte-array codec behind {@link #bytes()}. */
    final class Bytes implements ItemCodec<byte[]> {
        static final Bytes INSTANCE = new Bytes();

        private Bytes() {
        }

        @Override
        public byte[] encode(byte[] item) {
            return Objects.requireNonNull(item, "item").clone();
        }

        @Override
        public byte[] decode(byte[] bytes) {
            return bytes.clone();
        }

        @Override
        public String toString() {
            return "bytes";
        }
    }
}
