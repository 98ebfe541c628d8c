package dev.conduit.cli.download.text;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Reasons#describe}: the reason a user reads in the failed file. The JDK's client
 * throws a {@code ConnectException} without a message around the exception that says what happened.
 */
class FailureReasonTest {
    @Test
    void anUnresolvedHostIsSaidSoWhereverItIsInTheChain() {
        ConnectException fromJdkClient = new ConnectException();
        fromJdkClient.initCause(new UnresolvedAddressException());
        assertThat(Reasons.describe(fromJdkClient)).isEqualTo("unknown host");

        IOException wrapped = new IOException(null, new UnknownHostException("nowhere.invalid"));
        assertThat(Reasons.describe(wrapped)).isEqualTo("unknown host nowhere.invalid");
    }

    @Test
    void theFirstMessageAlongTheCausesIsUsedOnOneLine() {
        ConnectException refused = new ConnectException();
        refused.initCause(new ConnectException("Connection refused"));
        assertThat(Reasons.describe(refused)).isEqualTo("Connection refused");

        assertThat(Reasons.describe(new IOException("two\nlines", new IOException("cause"))))
                .isEqualTo("two lines");
        assertThat(Reasons.describe(new IOException())).isEqualTo("IOException");
    }
}
