/**
 * The pointcut language: which methods the agent weaves, per {@link io.cludeobs.agent.pointcut.Category}.
 *
 * <p>Settings such as {@code clude.obs.pointcuts.tool='com.acme.tools.*Tool+#execute(..)'} hold one or
 * more expressions separated by {@code ;}. Each expression is one of:
 *
 * <pre>
 * expression  := ['!'] ( typeMethod | annotation )
 * typeMethod  := typeGlob ['+'] '#' methodGlob [ '(' params ')' ]
 * annotation  := '@' qualifiedName
 * params      := '' | '..' | type {',' type} [',' '..']
 * type        := qualifiedName {'[' ']'} | primitive {'[' ']'}
 * </pre>
 *
 * <ul>
 *   <li><b>typeGlob</b> is matched against binary class names, nested classes written {@code
 *       Outer$Inner}. {@code *} matches within one package segment or simple name (never a dot); {@code
 *       ..} matches any number of segments, zero included. {@code com.acme.*} matches classes directly
 *       in {@code com.acme}; {@code com.acme..*Tool} also those in its sub-packages; {@code com..Agent}
 *       matches {@code com.Agent} and {@code com.x.y.Agent}; {@code com.acme.Outer$*} matches nested
 *       classes of {@code Outer}.
 *   <li><b>{@code +}</b> after the type glob selects the matching types and all their subtypes: any class
 *       whose superclass chain or any interface, transitively, matches. Without it only the matching
 *       types themselves. A method is selected only where it is declared: {@code com.acme.ReadTool#run}
 *       does not select a {@code run} that {@code ReadTool} inherits without overriding.
 *   <li><b>methodGlob</b> follows {@code #}; {@code *} matches any chars ({@code execute}, {@code get*},
 *       {@code *}).
 *   <li><b>params</b> are optional; none written means any parameters. {@code (..)} is any, {@code ()}
 *       none, {@code (java.lang.String,..)} a String then anything, {@code (int,java.util.Map)} exactly
 *       those. Arrays are written {@code byte[]} or {@code java.lang.String[][]}, primitives by keyword.
 *       Names are exact (no wildcards) and compared with the erased parameter types, so {@code
 *       List<String>} is {@code java.util.List} and a type variable is its bound. {@code ..} may only be
 *       last.
 *   <li><b>{@code @com.acme.Traced}</b> selects methods annotated with that annotation, and all public
 *       methods of classes annotated with it (annotations declared on the method or class itself, not
 *       inherited ones).
 *   <li><b>{@code !}</b> in front makes an exclusion: the methods it matches are removed from the
 *       category whatever include selects them.
 *   <li>Whitespace around tokens is ignored: {@code ! com.acme.Foo + # run ( int , .. )}.
 * </ul>
 *
 * <p>Never matched, whatever the expression: constructors, type initializers, synthetic, bridge,
 * abstract and native methods; and classes whose names start with {@code java.}, {@code javax.}, {@code
 * jdk.}, {@code sun.}, {@code com.sun.}, {@code io.cludeobs.} or {@code net.bytebuddy.} (see {@link
 * io.cludeobs.agent.pointcut.Pointcut#ignoredTypes()}).
 *
 * <p>Refused with a {@link io.cludeobs.agent.pointcut.PointcutRefusedException}, includes and exclusions
 * alike:
 *
 * <ul>
 *   <li>match-alls: a type glob of wildcards only ({@code *}, {@code ..*}, {@code *..*}, or {@code
 *       java.lang.Object+}) together with a method glob of {@code *}, whatever the parameters;
 *   <li>type globs without {@code +} whose literal prefix is one of the never-matched prefixes above,
 *       such as {@code java.util.*#get}: they could only match classes that are never woven. With
 *       {@code +} they are accepted, as {@code java.util.concurrent.Callable+#call} selects the
 *       application's own implementations.
 * </ul>
 *
 * <p>Broad but legal patterns such as {@code ..*Tool#run} are accepted. Type matchers run for every
 * class the JVM loads, so globs are compiled at parse time and matched without allocation, and names are
 * checked before any supertype or annotation is resolved.
 */
package io.cludeobs.agent.pointcut;
