package hotline.routing.acd;

/** How a queue picks among several available agents for a call. Every strategy breaks ties by agent id. */
public enum Strategy {
    /** The agent ready the longest. */
    LONGEST_IDLE,
    /** The agent who answered the fewest calls today, then longest idle. */
    LEAST_CALLS_TODAY,
    /** The agent with the highest sum of levels in the tier's skills, then longest idle. */
    SKILL_LEVEL_WEIGHTED,
    /** The agent offered a call least recently (rotation through the pool), then agent id. */
    ROUND_ROBIN
}
