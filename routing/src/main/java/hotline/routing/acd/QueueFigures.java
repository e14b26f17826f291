package hotline.routing.acd;

import java.time.Duration;

/**
 * Real-time figures of one queue since the day started.
 *
 * @param queueId            the queue
 * @param waiting            calls waiting now
 * @param longestWait        the longest current wait, zero if none
 * @param answered           calls answered
 * @param answeredInTarget   of those, answered within the service-level target
 * @param abandoned          callers who hung up before talking to an agent
 * @param serviceLevel       answeredInTarget / (answered + abandoned) in percent; 100 when nothing happened yet
 * @param averageHandleTime  mean talk plus wrap-up time of handled calls; zero before the first
 * @param callbacksOffered   callback offers made
 * @param callbacksScheduled callbacks accepted
 * @param staffed            agents qualified for the queue who are logged in, registered and not on a break
 */
public record QueueFigures(String queueId, int waiting, Duration longestWait, long answered, long answeredInTarget,
                           long abandoned, double serviceLevel, Duration averageHandleTime, long callbacksOffered,
                           long callbacksScheduled, int staffed) {
}
