package dev.fctracing.it.entry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fctracing.annotations.fc.FcEntryPoint;
import dev.fctracing.annotations.weaving.WeavingDetector;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The entry aspect's pointcut ({@code FcHandlerAspect.aj}, written out as AspectJ needs it) against the one table of
 * FC entry points ({@link FcEntryPoint}), which the annotation processor and the weaving detector read: for every row,
 * ajc wove the entry aspect into exactly that method of a class implementing only that interface, and into nothing
 * that only looks like it; the lifecycle hooks the class lacked were added by the weave, and the detector counts
 * them as woven.
 */
class EntryPointTableTest {

    private static final Map<FcEntryPoint, Class<?>> HANDLERS = new EnumMap<>(FcEntryPoint.class);

    static {
        HANDLERS.put(FcEntryPoint.STREAM_REQUEST, EntryPointHandlers.Stream.class);
        HANDLERS.put(FcEntryPoint.POJO_REQUEST, EntryPointHandlers.Pojo.class);
        HANDLERS.put(FcEntryPoint.HTTP_REQUEST, EntryPointHandlers.Http.class);
        HANDLERS.put(FcEntryPoint.INITIALIZE, EntryPointHandlers.Initializer.class);
        HANDLERS.put(FcEntryPoint.PRE_FREEZE, EntryPointHandlers.Freeze.class);
        HANDLERS.put(FcEntryPoint.PRE_STOP, EntryPointHandlers.Stop.class);
    }

    @Test
    void everyRowOfTheTableHasAHandlerHere() {
        assertThat(HANDLERS.keySet()).containsExactlyInAnyOrder(FcEntryPoint.values());
    }

    @Test
    void theEntryAspectIsWovenIntoExactlyTheTablesEntryPoints() {
        for (Map.Entry<FcEntryPoint, Class<?>> row : HANDLERS.entrySet()) {
            Class<?> handler = row.getValue();
            WeavingDetector detector = WeavingDetector.of(handler);
            List<String> advised = new ArrayList<>();
            for (Method method : handler.getDeclaredMethods()) {
                if (!method.isSynthetic()
                        && !method.isBridge()
                        && method.getName().indexOf('$') < 0
                        && detector.wovenBy(method, WeavingDetector.HANDLER_ASPECT)) {
                    advised.add(method.getName());
                }
            }
            assertThat(advised)
                    .as("entry aspect advice in %s", handler.getSimpleName())
                    .containsExactly(row.getKey().methodName());
            List<String> expected = new ArrayList<>();
            expected.add(row.getKey().methodName());
            for (String hook : new String[] {"preFreeze", "preStop"}) {
                if (!hook.equals(row.getKey().methodName())) {
                    expected.add(hook); // added by LifecycleHooksAspect to a class without it
                }
            }
            List<String> entryPoints = new ArrayList<>();
            for (Method entry : detector.entryPoints()) {
                entryPoints.add(entry.getName());
                assertThat(detector.addedByWeave(entry))
                        .as("%s of %s added by the weave", entry.getName(), handler.getSimpleName())
                        .isEqualTo(!entry.getName().equals(row.getKey().methodName()));
            }
            assertThat(entryPoints)
                    .as("the detector's entry points of %s", handler.getSimpleName())
                    .containsExactlyInAnyOrderElementsOf(expected);
            assertThat(WeavingDetector.unwovenEntryPoints(handler)).isEmpty();
        }
    }
}
