package hotline.bench;

import java.util.Arrays;

/**
 * Entry point of {@code ./hotline bench NAME}. Every benchmark prints its details and ends with one line
 * {@code NAME key=value key=value ...} carrying its figures.
 */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        String name = args.length == 0 ? "" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (name) {
            case "ring" -> RingBench.main(rest);
            case "dispatch" -> DispatchBench.main(rest);
            case "extract" -> ExtractBench.main(rest);
            case "routing" -> RoutingBench.main(rest);
            case "asr" -> AsrBench.main(rest);
            case "asr-loss" -> AsrLossBench.main(rest);
            case "app-queue" -> AppQueueBench.main(rest);
            case "reports" -> ReportsBench.main(rest);
            case "load" -> hotline.bench.load.LoadBench.main(rest);
            case "acd-state" -> AcdStateBench.main(rest);
            case "spoken" -> SpokenBench.main(rest);
            case "fork" -> ForkBench.main(rest);
            default -> {
                System.err.println("usage: ./hotline bench NAME   (NAME: ring, dispatch, extract, routing, asr, asr-loss, app-queue, reports, load, acd-state, spoken, fork)");
                System.exit(2);
            }
        }
    }
}
