package dev.executor.deploy;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The classes Jackson must reflect on to (de)serialize some root classes: their supertypes, the types of
 * their fields, record components and bean properties (with generic arguments and array elements), and
 * the serializers, deserializers and subtypes their Jackson annotations name, skipping {@code @JsonIgnore}d
 * members; limited to classes the
 * predicate accepts (ours, or docker-java's). This is what a native image must register for reflection.
 */
final class JacksonClosure {

    private JacksonClosure() {
    }

    static Set<Class<?>> of(Collection<Class<?>> roots, Predicate<Class<?>> inScope) {
        Set<Class<?>> seen = new LinkedHashSet<>();
        Deque<Class<?>> todo = new ArrayDeque<>(roots);
        while (!todo.isEmpty()) {
            Class<?> c = todo.pop();
            if (!inScope.test(c) || !seen.add(c)) {
                continue;
            }
            Set<Type> types = new LinkedHashSet<>();
            types.add(c.getGenericSuperclass());
            annotated(c, todo);
            for (Field f : c.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers()) && !ignored(f)) {
                    types.add(f.getGenericType());
                    annotated(f, todo);
                }
            }
            if (c.isRecord()) {
                for (RecordComponent rc : c.getRecordComponents()) {
                    types.add(rc.getGenericType());
                    annotated(rc, todo);
                }
            }
            for (Method m : c.getDeclaredMethods()) {
                if (Modifier.isStatic(m.getModifiers()) || m.isSynthetic() || ignored(m)) {
                    continue;
                }
                if (m.getParameterCount() == 0 && (m.getName().startsWith("get") || m.getName().startsWith("is"))) {
                    types.add(m.getGenericReturnType());
                    annotated(m, todo);
                } else if (m.getParameterCount() == 1 && (m.getName().startsWith("set") || m.getName().startsWith("with"))) {
                    types.add(m.getGenericParameterTypes()[0]);
                    annotated(m, todo);
                }
            }
            types.forEach(t -> classesIn(t, todo));
        }
        return seen;
    }

    private static boolean ignored(AnnotatedElement e) {
        JsonIgnore ignore = e.getAnnotation(JsonIgnore.class);
        return ignore != null && ignore.value();
    }

    private static void annotated(AnnotatedElement e, Deque<Class<?>> todo) {
        JsonSerialize s = e.getAnnotation(JsonSerialize.class);
        if (s != null) {
            todo.addAll(List.of(s.using(), s.contentUsing(), s.keyUsing(), s.as(), s.contentAs(), s.keyAs()));
        }
        JsonDeserialize d = e.getAnnotation(JsonDeserialize.class);
        if (d != null) {
            todo.addAll(List.of(d.using(), d.contentUsing(), d.keyUsing(), d.as(), d.contentAs(), d.keyAs(), d.builder()));
        }
        JsonSubTypes sub = e.getAnnotation(JsonSubTypes.class);
        if (sub != null) {
            for (JsonSubTypes.Type t : sub.value()) {
                todo.add(t.value());
            }
        }
    }

    private static void classesIn(Type t, Deque<Class<?>> todo) {
        if (t instanceof Class<?> c) {
            todo.add(c.isArray() ? c.getComponentType() : c);
        } else if (t instanceof ParameterizedType p) {
            classesIn(p.getRawType(), todo);
            for (Type a : p.getActualTypeArguments()) {
                classesIn(a, todo);
            }
        } else if (t instanceof GenericArrayType g) {
            classesIn(g.getGenericComponentType(), todo);
        } else if (t instanceof WildcardType w) {
            for (Type b : w.getUpperBounds()) {
                classesIn(b, todo);
            }
        } else if (t instanceof TypeVariable<?> v) {
            for (Type b : v.getBounds()) {
                classesIn(b, todo);
            }
        }
    }
}
