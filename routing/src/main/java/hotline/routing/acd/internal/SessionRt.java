package hotline.routing.acd.internal;

import hotline.routing.acd.LeaderSessionConfig;

/** One leader session at run time. */
public final class SessionRt {
    public final LeaderSessionConfig config;
    public QueueRt queue;
    public QueueRt normalQueue;
    public boolean running;
    public boolean ended;
    public long received;
    public long answeredByLeaders;
    public long answeredByOthers;
    public long callbacksMade;
    public long ordersCreated;

    public SessionRt(LeaderSessionConfig config) {
        this.config = config;
    }
}
