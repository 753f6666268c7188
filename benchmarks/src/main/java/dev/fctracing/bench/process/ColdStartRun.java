package dev.fctracing.bench.process;

/** One measured process. */
final class ColdStartRun {
    /** Indices of {@link #metric}. */
    static final int JVM_TO_RETURN = 0;

    static final int CPU = 6;
    static final int CLASSES = 7;
    static final int FIRST_REQUEST = 8;
    static final int INIT = 9;

    final int round;
    final double jvmToReturnMs;
    final double launchToReturnMs;
    final double processMs;
    final double firstCallMs;
    final int posts;
    final int spans;
    final double cpuMs;
    final double classes;
    final double firstRequestMs;
    final double initMs;

    ColdStartRun(
            int round,
            double jvmToReturnMs,
            double launchToReturnMs,
            double processMs,
            double firstCallMs,
            int posts,
            int spans,
            double cpuMs,
            double classes,
            double firstRequestMs,
            double initMs) {
        this.round = round;
        this.jvmToReturnMs = jvmToReturnMs;
        this.launchToReturnMs = launchToReturnMs;
        this.processMs = processMs;
        this.firstCallMs = firstCallMs;
        this.posts = posts;
        this.spans = spans;
        this.cpuMs = cpuMs;
        this.classes = classes;
        this.firstRequestMs = firstRequestMs;
        this.initMs = initMs;
    }

    double metric(int m) {
        switch (m) {
            case JVM_TO_RETURN:
                return jvmToReturnMs;
            case 1:
                return launchToReturnMs;
            case 2:
                return processMs;
            case 3:
                return firstCallMs;
            case 4:
                return posts;
            case 5:
                return spans;
            case 6:
                return cpuMs;
            case 7:
                return classes;
            case 8:
                return firstRequestMs;
            default:
                return initMs;
        }
    }
}
