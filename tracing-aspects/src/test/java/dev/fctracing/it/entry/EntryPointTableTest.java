package dev.fctracing.it.entry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fctracing.annotations.fc.FcEntryPoint;
import dev.fctracing.annotations.weaving.WeavingDetector;
import dev.fctracing.annotations.weaving.WeavingIndex;
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
 * that only looks like it.
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
        if (!method.isSynthetic() && !method.isBridge() && method.getName().indexOf('$') < 0
            && detector.wovenBy(method, WeavingDetector.HANDLER_ASPECT)) {
          advised.add(method.getName());
        }
      }
      assertThat(advised).as("entry aspect advice in %s", handler.getSimpleName())
          .containsExactly(row.getKey().methodName());
      assertThat(detector.entryPoints()).extracting(WeavingIndex::key)
          .as("the detector's entry points of %s", handler.getSimpleName())
          .singleElement().asString().contains("#" + row.getKey().methodName() + "(");
      assertThat(WeavingDetector.unwovenEntryPoints(handler)).isEmpty();
    }
  }
}
