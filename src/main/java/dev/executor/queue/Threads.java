package dev.executor.queue;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import jakarta.inject.Qualifier;

/**
 * Qualifies one of the executor's own thread pools ({@link NamedThreads}) by its thread name. A qualifier of its own
 * (not {@code @Named}, which keeps {@code @Default}) so that no framework bean asking for "an executor" is handed one
 * of ours.
 */
@Qualifier
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.FIELD, ElementType.PARAMETER, ElementType.TYPE})
public @interface Threads {
    String value();
}
