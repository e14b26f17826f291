package hotline.telephony;

/** A telephony action failed: Asterisk refused it, or the AMI connection is down. */
public class TelephonyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TelephonyException(String message) {
        super(message);
    }

    public TelephonyException(String message, Throwable cause) {
        super(message, cause);
    }
}
