package dev.fctracing.reliability;

import com.aliyun.fc.runtime.Context;
import com.aliyun.fc.runtime.PojoRequestHandler;
import dev.fctracing.annotations.FcHandler;

/**
 * A woven POJO handler whose work is the input: a {@link Task} run with the woven {@link TracedOps}, so each test
 * says in place what its function does. What the task returns or throws leaves the handler unchanged.
 */
@FcHandler
public class TaskHandler implements PojoRequestHandler<TaskHandler.Task, Object> {

    /** What one invocation does. */
    @FunctionalInterface
    public interface Task {
        Object run(TracedOps ops) throws Throwable;
    }

    private final TracedOps ops = new TracedOps();

    @Override
    public Object handleRequest(Task task, Context context) {
        try {
            return task.run(ops);
        } catch (Throwable t) {
            throw TaskHandler.<RuntimeException>sneaky(t);
        }
    }

    @SuppressWarnings("unchecked")
    static <T extends Throwable> T sneaky(Throwable t) throws T {
        throw (T) t;
    }
}
