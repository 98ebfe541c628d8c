package dev.conduit.cli.download.http;

import dev.conduit.cli.download.text.Reasons;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Collection;

/**
 * {@code --ca-cert FILE}: the certificates (PEM or DER, one or more) that https servers' chains must
 * lead to, instead of the JDK's trusted authorities, as {@code curl --cacert} does. For servers
 * behind a private or test authority. Host names are still checked against the certificate.
 */
public final class TrustedCertificates {
    private TrustedCertificates() {
    }

    /**
     * @return a TLS context that trusts exactly the certificates in {@code file}
     * @throws IOException if the file cannot be read or holds no certificate; the message says which
     */
    public static SSLContext sslContext(Path file) throws IOException {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(file)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (CertificateException e) {
            throw new IOException("not a PEM or DER certificate file (" + Reasons.describe(e) + ")", e);
        }
        if (certificates.isEmpty()) {
            throw new IOException("no certificate in it");
        }
        try {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int n = 0;
            for (Certificate c : certificates) {
                trusted.setCertificateEntry("ca-" + n++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot trust its certificates (" + Reasons.describe(e) + ")", e);
        }
    }
}
