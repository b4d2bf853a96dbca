package io.cludeobs.instrumentation.pointcuts;

import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.not;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.constant.IntegerConstant;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * Weaves {@link PlainAdvice} or {@link ReturnValueAdvice} into the methods that one pointcut
 * category selects. The agent builds the matchers from the user's pointcuts; this class only knows
 * how to weave.
 */
public final class ConfiguredPointcutsInstrumentation {

  /** The llm category reads the response object for model and token usage. */
  public static final String LLM = "llm";

  /** The tool category reads a tool-call request argument when the method takes one. */
  public static final String TOOL = "tool";

  private ConfiguredPointcutsInstrumentation() {}

  /**
   * Adds the transformation for one category to {@code builder}.
   *
   * @param types cheap pre-filter over the types that may declare selected methods
   * @param methods selects the methods to weave inside a matched type
   */
  public static AgentBuilder apply(
      AgentBuilder builder,
      String category,
      ElementMatcher<? super TypeDescription> types,
      ElementMatcher<? super MethodDescription> methods,
      MethodRegistrar registrar) {
    Advice.WithCustomMapping mapping =
        Advice.withCustomMapping().bind(new MethodIdBinding(category, registrar));
    ElementMatcher.Junction<MethodDescription> selected = ElementMatchers.<MethodDescription>any().and(methods);
    ElementMatcher.Junction<MethodDescription> objectReturning =
        not(returns(ElementMatchers.<TypeDefinition>isPrimitive()));
    boolean readsReturn = LLM.equals(category);
    boolean readsRequest = TOOL.equals(category);
    ElementMatcher.Junction<MethodDescription> takesRequest = new ElementMatcher.Junction.AbstractBase<MethodDescription>() {
      @Override
      public boolean matches(MethodDescription target) {
        return ToolRequestShape.matches(target);
      }
    };
    return builder
        .type(types)
        .transform(
            (b, type, loader, module, domain) ->
                readsReturn
                    ? b.visit(mapping.to(ReturnValueAdvice.class).on(selected.and(objectReturning)))
                        .visit(mapping.to(PlainAdvice.class).on(selected.and(not(objectReturning))))
                    : readsRequest
                        ? b.visit(mapping.to(ToolRequestAdvice.class).on(selected.and(takesRequest)))
                            .visit(mapping.to(PlainAdvice.class).on(selected.and(not(takesRequest))))
                        : b.visit(mapping.to(PlainAdvice.class).on(selected)));
  }

  /** Resolves {@link MethodId} to an int constant chosen when the method is woven. */
  static final class MethodIdBinding implements Advice.OffsetMapping.Factory<MethodId> {
    private final String category;
    private final MethodRegistrar registrar;

    MethodIdBinding(String category, MethodRegistrar registrar) {
      this.category = category;
      this.registrar = registrar;
    }

    @Override
    public Class<MethodId> getAnnotationType() {
      return MethodId.class;
    }

    @Override
    public Advice.OffsetMapping make(
        ParameterDescription.InDefinedShape target,
        AnnotationDescription.Loadable<MethodId> annotation,
        AdviceType adviceType) {
      return (instrumentedType, instrumentedMethod, assigner, argumentHandler, sort) ->
          new Advice.OffsetMapping.Target.ForStackManipulation(
              IntegerConstant.forValue(registrar.register(category, instrumentedType, instrumentedMethod)));
    }
  }

}
