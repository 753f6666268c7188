package dev.fctracing.internal.aspect;

import com.aliyun.fc.runtime.Context;
import com.aliyun.fc.runtime.PreFreezeHandler;
import com.aliyun.fc.runtime.PreStopHandler;
import dev.fctracing.annotations.fc.FcRole;
import dev.fctracing.internal.invocation.InvocationStarter;
import java.io.IOException;

/**
 * Gives every {@code @FcHandler} class FC's lifecycle hooks, so that configuring them ({@code instanceLifecycleConfig}
 * {@code preFreeze} / {@code preStop} handlers naming the class) is all a function needs for deferred export: a class
 * that does not implement {@code PreFreezeHandler} (or {@code PreStopHandler}) gets it here, with a method that
 * exports what is queued (and, for {@code preStop}, stops tracing). A class that implements one already keeps its own
 * method, which the entry aspect wraps the same way; so does a class that declares {@code preFreeze(Context)} or
 * {@code preStop(Context)} without the interface (the weave makes it the hook).
 */
public aspect LifecycleHooksAspect {

    /** Marks a handler class whose {@code preFreeze} this aspect added (the weaving detector reads the name). */
    public interface AddedPreFreeze extends PreFreezeHandler {}

    /** Marks a handler class whose {@code preStop} this aspect added. */
    public interface AddedPreStop extends PreStopHandler {}

    declare parents: (@dev.fctracing.annotations.FcHandler *) && !com.aliyun.fc.runtime.PreFreezeHandler+
            implements AddedPreFreeze;

    declare parents: (@dev.fctracing.annotations.FcHandler *) && !com.aliyun.fc.runtime.PreStopHandler+
            implements AddedPreStop;

    public void AddedPreFreeze.preFreeze(Context context) throws IOException {
        InvocationStarter.lifecycleHook(context, FcRole.PRE_FREEZE, getClass());
    }

    public void AddedPreStop.preStop(Context context) throws IOException {
        InvocationStarter.lifecycleHook(context, FcRole.PRE_STOP, getClass());
    }
}
