package hotline.routing.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The waiting calls, in order: new calls join the tail, calls whose offer failed return to the head. Holds each
 * call id at most once. Not thread-safe.
 */
public final class CallQueue {

    private final Deque<String> order = new ArrayDeque<>();
    // Mirrors order for O(1) contains; never iterated.
    private final Set<String> members = new HashSet<>();

    /**
     * Appends a call that is not yet queued.
     *
     * @param callId the call
     * @return its 1-based position, which is the new size of the queue
     */
    public int addLast(String callId) {
        requireAbsent(callId);
        order.addLast(callId);
        members.add(callId);
        return order.size();
    }

    /**
     * Puts a call that is not yet queued at the head.
     *
     * @param callId the call
     */
    public void addFirst(String callId) {
        requireAbsent(callId);
        order.addFirst(callId);
        members.add(callId);
    }

    /**
     * Removes and returns the head.
     *
     * @return the call at the head
     * @throws java.util.NoSuchElementException if the queue is empty
     */
    public String removeFirst() {
        String callId = order.removeFirst();
        members.remove(callId);
        return callId;
    }

    /**
     * Removes a call wherever it waits.
     *
     * @param callId the call
     * @return whether it was queued
     */
    public boolean remove(String callId) {
        if (!members.remove(callId)) {
            return false;
        }
        order.remove(callId);
        return true;
    }

    /**
     * Tells whether a call is waiting.
     *
     * @param callId the call
     * @return whether it is queued
     */
    public boolean contains(String callId) {
        return members.contains(callId);
    }

    /**
     * Returns the number of waiting calls.
     *
     * @return the size
     */
    public int size() {
        return order.size();
    }

    /**
     * Tells whether no call is waiting.
     *
     * @return whether the queue is empty
     */
    public boolean isEmpty() {
        return order.isEmpty();
    }

    /**
     * Returns the waiting calls, head first.
     *
     * @return an immutable copy
     */
    public List<String> snapshot() {
        return List.copyOf(order);
    }

    private void requireAbsent(String callId) {
        // The router checks for duplicates first and answers DUPLICATE_CALL; reaching here is a router bug.
        if (members.contains(callId)) {
            throw new IllegalStateException("call " + callId + " is already queued");
        }
    }
}
