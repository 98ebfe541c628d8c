package dev.conduit.nats;

import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.StorageType;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Claims on keys across machines, so that an item delivered twice (its lease ran out, or a
 * restarted broker handed out again what was in flight) is not worked on twice at once: a worker
 * claims an item's key before the work and marks it finished after. A claim is a key-value entry
 * (JetStream KV, bucket {@code CONDUIT_<queue>_claims}) created only if absent, so exactly one
 * worker wins it; entries expire after the bucket's time to live, so the claim of a worker that died
 * lapses and its item can be worked on again.
 *
 * <p>Thread-safe. Operations retry for the queue's patience while the broker cannot be reached.
 */
public final class NatsClaims {
    private static final String FINISHED = "finished by ";
    private static final String CLAIMED = "claimed by ";

    /** What a claim found. */
    public enum Outcome {
        /** The caller holds the claim now (it was free, or already the caller's). */
        MINE,
        /** Another worker holds it. */
        OTHERS,
        /** Some worker finished the item already. */
        FINISHED
    }

    /**
     * The answer to a claim.
     *
     * @param outcome what the claim found
     * @param holder  who holds or finished it (a worker's name)
     */
    public record Claim(Outcome outcome, String holder) {
    }

    private final KeyValue kv;
    private final JetStream js;
    private final String bucket;
    private final Patience patience;

    private NatsClaims(KeyValue kv, JetStream js, String bucket, Patience patience) {
        this.kv = kv;
        this.js = js;
        this.bucket = bucket;
        this.patience = patience;
    }

    /**
     * Opens (creating if needed) the claims of {@code queue}'s items.
     *
     * @param queue the queue whose connection the claims use
     * @param ttl   how long a claim lives unless renewed (a few leases)
     * @return the claims
     * @throws InterruptedException if interrupted while the bucket is created
     */
    public static NatsClaims open(NatsWorkQueue<?> queue, Duration ttl) throws InterruptedException {
        Objects.requireNonNull(ttl, "ttl");
        Patience patience = queue.patience();
        String bucket = new QueueLayout(queue.name()).claims;
        KeyValue kv = patience.retry("opening the claims", () -> {
            try {
                queue.connection().keyValueManagement().getStatus(bucket);
            } catch (JetStreamApiException missing) {
                try {
                    queue.connection().keyValueManagement().create(KeyValueConfiguration.builder().name(bucket)
                            .ttl(ttl).storageType(StorageType.File).build());
                } catch (JetStreamApiException raced) {
                    queue.connection().keyValueManagement().getStatus(bucket);   // made by another worker meanwhile
                }
            }
            return queue.connection().keyValue(bucket);
        });
        JetStream js = patience.retry("opening the claims", () -> queue.connection().jetStream());
        return new NatsClaims(kv, js, bucket, patience);
    }

    /**
     * Claims {@code item} for {@code owner}.
     *
     * @param item  the item's identity (hashed into a key)
     * @param owner the claiming worker's name, unique among workers
     * @return whether the caller holds it now, or who does, or that it is finished
     */
    public Claim claim(String item, String owner) {
        String key = key(item);
        byte[] mine = (CLAIMED + owner).getBytes(StandardCharsets.UTF_8);
        return patience.retryUninterruptibly("claiming an item", () -> {
            try {
                kv.create(key, mine);
                return new Claim(Outcome.MINE, owner);
            } catch (JetStreamApiException exists) {
                if (exists.getApiErrorCode() != 10071) {   // not "wrong last sequence": a real failure
                    throw exists;
                }
            }
            KeyValueEntry e = kv.get(key);
            if (e == null || e.getValue() == null) {
                return claim(item, owner);   // expired or deleted between the two calls
            }
            String value = e.getValueAsString();
            if (value.startsWith(FINISHED)) {
                return new Claim(Outcome.FINISHED, value.substring(FINISHED.length()));
            }
            String holder = value.startsWith(CLAIMED) ? value.substring(CLAIMED.length()) : value;
            return new Claim(holder.equals(owner) ? Outcome.MINE : Outcome.OTHERS, holder);
        });
    }

    /**
     * Records that {@code owner} finished {@code item}: later deliveries of it need no work. Sent
     * without waiting for the broker's answer (a key-value put is a publish on the bucket's subject):
     * a record lost on the way costs at most one more download, never an item.
     *
     * @param item  the item's identity
     * @param owner the worker that finished it
     */
    public void finished(String item, String owner) {
        byte[] value = (FINISHED + owner).getBytes(StandardCharsets.UTF_8);
        try {
            js.publishAsync("$KV." + bucket + "." + key(item), value);
        } catch (RuntimeException lost) {
            // the connection is down for a moment: see above
        }
    }

    /**
     * Gives up a claim of {@code owner} (the work failed and the item goes back): another worker may
     * take it at once. A claim that is no longer the owner's is left alone.
     *
     * @param item  the item's identity
     * @param owner the worker giving it up
     */
    public void release(String item, String owner) {
        String key = key(item);
        patience.retryUninterruptibly("releasing a claim", () -> {
            KeyValueEntry e = kv.get(key);
            if (e != null && (CLAIMED + owner).equals(e.getValueAsString())) {
                try {
                    kv.delete(key, e.getRevision());
                } catch (JetStreamApiException changed) {
                    // someone else's now: leave it
                }
            }
            return null;
        });
    }

    /** @return a key the KV accepts for any item: its SHA-256, in hex */
    static String key(String item) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(item.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

}
