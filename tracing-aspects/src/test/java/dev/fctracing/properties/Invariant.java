package dev.fctracing.properties;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;

/**
 * The invariant of the woven advice, checked on one example's two executions: the woven function is observably the
 * unwoven one — same results (the very objects) or the very same throwables, same interrupt flag, futures that
 * complete the same way and only after their spans ended — every span started ends (or is counted dropped) and is
 * at the exporter when the invocation returns, attribute values are capped, {@code VirtualMachineError}s are neither
 * rendered nor logged, each throwable is rendered at most once, and the JDK's logging and stack walking still work.
 */
final class Invariant {

    /**
     * Largest attribute value accepted in an exported span. The contract asks for a default attribute value length
     * limit without naming it; any cap at or below this one passes.
     */
    static final int MAX_ATTRIBUTE_CHARS = 65_536;

    private static final AttributeKey<String> EXCEPTION_TYPE = AttributeKey.stringKey("exception.type");
    private static final AttributeKey<String> EXCEPTION_STACKTRACE = AttributeKey.stringKey("exception.stacktrace");

    private Invariant() {}

    static List<String> check(Example example, Harness.Execution reference, Harness.Execution woven, Harness harness) {
        List<String> problems = new ArrayList<>();
        problems.addAll(reference.run.problems);
        problems.addAll(woven.run.problems);
        if (woven.hung) {
            problems.add("woven: the invocation did not return within " + Harness.HANG_MILLIS + " ms");
        }
        for (Harness.Execution execution : new Harness.Execution[] {reference, woven}) {
            String who = execution == woven ? "woven: " : "plain: ";
            handlerOutcome(who, execution, problems);
            if (!execution.contextRestored) {
                problems.add(who + "the thread's context was not the root after the invocation");
            }
            futures(who, execution, problems);
        }
        if (reference.threw != woven.threw
                || reference.threw && reference.thrown.getClass() != woven.thrown.getClass()) {
            problems.add("the woven invocation " + outcome(woven) + ", the plain one " + outcome(reference));
        }
        if (reference.flagAfter != woven.flagAfter) {
            problems.add(
                    "interrupt flag after the invocation: woven " + woven.flagAfter + ", plain " + reference.flagAfter);
        }
        for (Call call : example.calls) {
            sameCalls(call, reference.run, woven.run, problems);
        }
        spans(woven, harness, problems);
        logs(example, woven, harness, problems);
        for (String broken : harness.health.problems()) {
            problems.add("after the woven invocation: " + broken);
        }
        return problems;
    }

    private static void handlerOutcome(String who, Harness.Execution execution, List<String> problems) {
        Run run = execution.run;
        if (execution.threw && execution.thrown != run.handlerThrew) {
            problems.add(who + "handleRequest threw " + Describe.of(execution.thrown) + ", not what the handler threw, "
                    + Describe.of(run.handlerThrew));
        } else if (!execution.threw && execution.returned != run) {
            problems.add(
                    who + "handleRequest returned " + Describe.of(execution.returned) + ", not the handler's result");
        }
        if (!execution.hung && execution.flagAfter != run.flagLeftByHandler) {
            problems.add(who + "interrupt flag " + execution.flagAfter + " after the invocation, the handler left it "
                    + run.flagLeftByHandler);
        }
    }

    private static String outcome(Harness.Execution execution) {
        return execution.threw ? "threw " + Describe.of(execution.thrown) : "returned";
    }

    /** The same calls ended the same way (returned or threw, and the class of what they threw) in both runs. */
    private static void sameCalls(Call call, Run reference, Run woven, List<String> problems) {
        Run.Record plain = reference.recordOrNull(call);
        Run.Record traced = woven.recordOrNull(call);
        if ((plain == null) != (traced == null)) {
            problems.add(call.shape + " call ran " + (traced == null ? "only unwoven" : "only woven"));
            return;
        }
        if (plain == null) {
            return;
        }
        if (plain.produced != traced.produced
                || plain.threw != traced.threw
                || plain.threw && plain.thrown.getClass() != traced.thrown.getClass()) {
            problems.add(call.shape + " call ended differently: woven " + ending(traced) + ", plain " + ending(plain));
        }
        for (Call child : call.children) {
            sameCalls(child, reference, woven, problems);
        }
    }

    private static String ending(Run.Record record) {
        return !record.produced ? "never ended" : record.threw ? "threw " + Describe.of(record.thrown) : "returned";
    }

    /** Each returned future, as its caller saw it: the original's outcome, unwrapped, and only after its spans ended. */
    private static void futures(String who, Harness.Execution execution, List<String> problems) {
        for (Run.Observation seen : execution.run.observations) {
            Run.Record record = seen.record;
            Run.Pending pending = record.pending;
            if (seen.seen.getCount() > 0 || pending == null) {
                continue; // reported by the handler body, or the caller got a future the method never made
            }
            CompletableFuture<Object> original = pending.original;
            Throwable originalError = original.handle((value, error) -> error).join();
            Object originalValue = originalError == null ? original.join() : null;
            String where = who + record.call.shape + " future completed by " + pending.spec.completion + ": ";
            if (seen.error != originalError || seen.value != originalValue) {
                problems.add(where + "the caller saw "
                        + (seen.error != null ? "error " + Describe.of(seen.error) : "value " + Describe.of(seen.value))
                        + ", the original completed with "
                        + (originalError != null
                                ? "error " + Describe.of(originalError)
                                : "value " + Describe.of(originalValue)));
            }
            if (seen.received.toCompletableFuture().isCancelled() != original.isCancelled()) {
                problems.add(where + "isCancelled() differs from the original's");
            }
            if (!record.call.shape.returnsSameObject() && !seen.spansHadEnded) {
                problems.add(where + "the caller saw it complete before the method's span ended");
            }
        }
    }

    /** Started spans ended; ended spans exported by the time the invocation returned; exported content bounded. */
    private static void spans(Harness.Execution woven, Harness harness, List<String> problems) {
        Set<String> unended = harness.ledger.unended();
        if (unended.size() > woven.droppedDelta) {
            problems.add("woven: " + unended.size() + " of " + harness.ledger.startedCount() + " spans started never"
                    + " ended (" + woven.droppedDelta + " counted dropped)");
        }
        if (!woven.hung && woven.run.bodyReturnedSequence > 0) {
            Set<String> late = harness.ledger.endedBefore(woven.run.bodyReturnedNanos);
            late.removeAll(woven.exportedAtReturn);
            if (late.size() > woven.droppedDelta) {
                problems.add("woven: " + late.size() + " spans ended before the handler returned were not exported when"
                        + " the invocation returned (" + woven.droppedDelta + " counted dropped)");
            }
        }
        int renderings = 0;
        Set<String> oversized = new HashSet<>();
        for (SpanData span : harness.exporter.getFinishedSpanItems()) {
            oversized(span.getName(), span.getAttributes(), oversized);
            for (EventData event : span.getEvents()) {
                oversized(span.getName() + " event " + event.getName(), event.getAttributes(), oversized);
                String type = event.getAttributes().get(EXCEPTION_TYPE);
                if (event.getAttributes().get(EXCEPTION_STACKTRACE) != null) {
                    renderings++;
                    if (isVirtualMachineError(type)) {
                        problems.add(
                                "woven: a " + type + " was rendered (exception.stacktrace) on span " + span.getName());
                    }
                }
            }
        }
        for (String where : oversized) {
            problems.add("woven: attribute value over " + MAX_ATTRIBUTE_CHARS + " chars: " + where);
        }
        int throwables = woven.run.distinctThrowables.get();
        if (renderings > throwables) {
            problems.add("woven: " + renderings + " exception.stacktrace renderings for " + throwables
                    + " distinct throwables (each at most once per invocation)");
        }
    }

    private static void oversized(String where, Attributes attributes, Set<String> out) {
        attributes.forEach((key, value) -> {
            if (length(value) > MAX_ATTRIBUTE_CHARS) {
                out.add(where + " " + key.getKey() + " (" + length(value) + " chars)");
            }
        });
    }

    private static int length(Object value) {
        if (value instanceof String) {
            return ((String) value).length();
        }
        if (value instanceof List) {
            int longest = 0;
            for (Object element : (List<?>) value) {
                longest = Math.max(longest, length(element));
            }
            return longest;
        }
        return 0;
    }

    private static boolean isVirtualMachineError(String type) {
        return "java.lang.StackOverflowError".equals(type) || "java.lang.OutOfMemoryError".equals(type);
    }

    /**
     * No log line while user code fails with a VirtualMachineError (until the handler body returned: a summary at the
     * flush, such as spans dropped, may follow); no warning at all for ordinary user code.
     */
    private static void logs(Example example, Harness.Execution woven, Harness harness, List<String> problems) {
        if (example.involvesHostility()) {
            return; // tracing may warn about hostile objects, rate-limited (WarningFloodTest)
        }
        if (example.involvesVirtualMachineError()) {
            List<String> lines = harness.log.since(woven.logMark, Level.ALL, woven.run.bodyReturnedSequence);
            if (!lines.isEmpty()) {
                problems.add("woven: logged while user code failed with a VirtualMachineError: " + lines);
            }
        } else {
            List<String> warnings = harness.log.since(woven.logMark, Level.WARNING);
            if (!warnings.isEmpty()) {
                problems.add("woven: warnings for ordinary user code: " + warnings);
            }
        }
    }
}
