package hotline.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time and memory of processes and of the whole machine, from {@code /proc} (Linux). */
final class ProcCpu {
    private static long clockTicks;

    private ProcCpu() {
    }

    /** utime + stime of a process in milliseconds, -1 when it is gone. */
    static long processCpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // the fields after the command name in parentheses (which may hold spaces): utime is field 14, stime 15
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1000 / ticks();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Resident set size of a process in MiB ({@code VmRSS}), -1 when it is gone. */
    static long rssMiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return -1;
    }

    /** The machine's busy and total CPU time in ticks, all cores ({@code /proc/stat} first line). */
    static long[] machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    /** The 1-minute load average. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long ticks() {
        if (clockTicks == 0) {
            try {
                Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes()).trim();
                p.waitFor();
                clockTicks = Long.parseLong(out);
            } catch (IOException | RuntimeException e) {
                clockTicks = 100;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                clockTicks = 100;
            }
        }
        return clockTicks;
    }
}
