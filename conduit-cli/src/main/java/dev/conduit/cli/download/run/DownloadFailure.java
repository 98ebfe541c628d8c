package dev.conduit.cli.download.run;

/**
 * Why one URL could not be saved, in words fit for the failed file ("HTTP 404", "timed out after
 * 30 s reading the body", "disk full: No space left on device"). Thrown by the stage functions;
 * the URL it belongs to is carried along so that a failure is never separated from its URL.
 */
final class DownloadFailure extends Exception {
    private final transient UrlJob job;

    DownloadFailure(UrlJob job, String reason) {
        this(job, reason, null);
    }

    DownloadFailure(UrlJob job, String reason, Throwable cause) {
        super(reason, cause, false, false);
        this.job = job;
    }

    /** @return the URL that failed */
    UrlJob job() {
        return job;
    }

    /** @return the reason, one line */
    String reason() {
        return getMessage().replace('\n', ' ').replace('\r', ' ');
    }
}
