package hotline.config;

import java.time.Duration;
import hotline.config.internal.Secrets;
import java.util.Objects;

/**
 * The contact center's own Asterisk, the "pbx" instance ({@code hotline.asterisk}). {@link #toString()} prints the
 * AMI secret and the ARI password as {@code ***}.
 *
 * @param host                  where AMI is reached, and the address the rendered pbx configuration binds to
 * @param amiPort               AMI TCP port
 * @param amiUser               AMI account name
 * @param amiSecret             AMI account secret
 * @param sipPort               PJSIP UDP port for the trunk and the seats
 * @param rtpStart              first RTP UDP port, inclusive
 * @param rtpEnd                last RTP UDP port, inclusive
 * @param trunkHost             the carrier's SIP address the 12345 trunk is identified by
 * @param trunkPort             the carrier's SIP port
 * @param reconnectInitialDelay AMI reconnect backoff: delay before the first retry
 * @param reconnectMaxDelay     AMI reconnect backoff: longest delay between retries
 * @param actionTimeout         how long to wait for the response to one AMI action
 * @param ariPort               the pbx's HTTP port for ARI (http.conf, bound to {@code host}); the ARI audio fork
 * @param ariUser               ARI user (ari.conf)
 * @param ariPassword           its password
 */
public record AsteriskConfig(
        String host,
        int amiPort,
        String amiUser,
        String amiSecret,
        int sipPort,
        int rtpStart,
        int rtpEnd,
        String trunkHost,
        int trunkPort,
        Duration reconnectInitialDelay,
        Duration reconnectMaxDelay,
        Duration actionTimeout,
        int ariPort,
        String ariUser,
        String ariPassword) {

    public AsteriskConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(amiUser, "amiUser");
        Objects.requireNonNull(amiSecret, "amiSecret");
        Objects.requireNonNull(trunkHost, "trunkHost");
        Objects.requireNonNull(reconnectInitialDelay, "reconnectInitialDelay");
        Objects.requireNonNull(reconnectMaxDelay, "reconnectMaxDelay");
        Objects.requireNonNull(actionTimeout, "actionTimeout");
        Objects.requireNonNull(ariUser, "ariUser");
        Objects.requireNonNull(ariPassword, "ariPassword");
    }

    @Override
    public String toString() {
        return "AsteriskConfig[host=" + host + ", amiPort=" + amiPort + ", amiUser=" + amiUser
                + ", amiSecret=" + Secrets.MASK + ", sipPort=" + sipPort + ", rtpStart=" + rtpStart
                + ", rtpEnd=" + rtpEnd + ", trunkHost=" + trunkHost + ", trunkPort=" + trunkPort
                + ", reconnectInitialDelay=" + reconnectInitialDelay + ", reconnectMaxDelay=" + reconnectMaxDelay
                + ", actionTimeout=" + actionTimeout + ", ariPort=" + ariPort + ", ariUser=" + ariUser
                + ", ariPassword=" + Secrets.MASK + "]";
    }
}
