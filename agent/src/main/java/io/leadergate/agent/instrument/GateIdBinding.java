package io.leadergate.agent.instrument;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.method.ParameterDescription;

/**
 * Binds {@link GateId} parameters: for each method the advice is inlined into, registers the method
 * (which yields its id) and pushes the id as an {@code int} constant. One advice instance serves
 * all methods; only the constant differs.
 */
final class GateIdBinding implements Advice.OffsetMapping.Factory<GateId> {

    private final GatedMethods registry;
    private final AdviceClasses.GroupChoice groups;

    GateIdBinding(GatedMethods registry, AdviceClasses.GroupChoice groups) {
        this.registry = registry;
        this.groups = groups;
    }

    @Override
    public Class<GateId> getAnnotationType() {
        return GateId.class;
    }

    @Override
    public Advice.OffsetMapping make(
            ParameterDescription.InDefinedShape target,
            AnnotationDescription.Loadable<GateId> annotation,
            AdviceType adviceType) {
        if (!target.getType().represents(int.class)) {
            throw new IllegalStateException("@GateId must annotate an int parameter: " + target);
        }
        return (instrumentedType, instrumentedMethod, assigner, argumentHandler, sort) ->
                Advice.OffsetMapping.Target.ForStackManipulation.of(
                        registry.register(
                                instrumentedType,
                                instrumentedMethod,
                                groups.groupOf(instrumentedType, instrumentedMethod)));
    }
}
