package hotline.config;

import hotline.config.internal.Secrets;
import java.util.Objects;

/**
 * The carrier / citizen simulator Asterisk used by {@code ./hotline call}, the integration tests and the demo
 * ({@code hotline.carrier}). {@link #toString()} prints the AMI secret as {@code ***}.
 *
 * @param host      address the simulator binds SIP, RTP and AMI to
 * @param sipPort   its PJSIP UDP port
 * @param amiPort   its AMI TCP port
 * @param amiUser   its AMI account name
 * @param amiSecret its AMI account secret
 * @param rtpStart  first RTP UDP port, inclusive
 * @param rtpEnd    last RTP UDP port, inclusive
 */
public record CarrierConfig(
        String host, int sipPort, int amiPort, String amiUser, String amiSecret, int rtpStart, int rtpEnd) {

    public CarrierConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(amiUser, "amiUser");
        Objects.requireNonNull(amiSecret, "amiSecret");
    }

    @Override
    public String toString() {
        return "CarrierConfig[host=" + host + ", sipPort=" + sipPort + ", amiPort=" + amiPort + ", amiUser="
                + amiUser + ", amiSecret=" + Secrets.MASK + ", rtpStart=" + rtpStart + ", rtpEnd=" + rtpEnd + "]";
    }
}
