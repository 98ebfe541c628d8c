package dev.conduit.proof;

import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;

/** Builds hand-written Lincheck scenarios from plain Java: operations named by method name. */
final class Actors {
    private Actors() {
    }

    /** @return an actor calling {@code operations.name(args)} */
    static Actor call(Class<?> operations, String name, Object... args) {
        for (Method m : operations.getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == args.length) {
                return new Actor(m, Arrays.asList(args));
            }
        }
        throw new IllegalArgumentException("no operation " + name + "/" + args.length + " in " + operations.getName());
    }

    static ExecutionScenario scenario(List<Actor> init, List<List<Actor>> parallel, List<Actor> post) {
        return new ExecutionScenario(init, parallel, post, null);
    }
}
