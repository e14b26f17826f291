package hotline.asr;

/** Speech recognition failed: the model is missing or broken, or a recogniser could not be created or fed. */
public class AsrException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AsrException(String message) {
        super(message);
    }

    public AsrException(String message, Throwable cause) {
        super(message, cause);
    }
}
