package dev.fctracing.annotations.processing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.ExecutableElement;

/**
 * Looks into method bodies through javac's Compiler Tree API ({@code com.sun.source.util.Trees}).
 *
 * <p>The API is reached by reflection, through its public interfaces only: this library compiles with
 * {@code --release 8}, whose class library has no {@code com.sun.source}, and a processor may run where the API
 * does not apply at all (the Eclipse compiler inside ajc, or a build tool that wraps javac's
 * {@code ProcessingEnvironment}). There, {@link #available()} is false and every body is
 * {@link Shape#UNKNOWN}; rules then fall back to what the signature alone tells.
 */
final class MethodBodies {

    /** What a method body looks like, as far as the trivial-accessor rule cares. */
    enum Shape {
        /** The body could not be seen. */
        UNKNOWN,
        /**
         * Exactly one statement that calls and creates nothing: {@code return x;}, {@code return this.x;},
         * {@code return !closed;}, {@code return CONSTANT;}, {@code this.x = x;} and the like, where every operand is
         * a name, a field access or a literal.
         */
        TRIVIAL,
        /** Anything else, including no body at all. */
        NOT_TRIVIAL
    }

    /** Bodies never seen. */
    static final MethodBodies UNAVAILABLE = new MethodBodies(null, null);

    private final Object trees;
    private final Api api;

    private MethodBodies(Object trees, Api api) {
        this.trees = trees;
        this.api = api;
    }

    /** Bodies as javac shows them to {@code environment}'s processors, or {@link #UNAVAILABLE}. */
    static MethodBodies of(ProcessingEnvironment environment) {
        for (ClassLoader loader :
                new ClassLoader[] {environment.getClass().getClassLoader(), MethodBodies.class.getClassLoader()}) {
            try {
                Api api = new Api(loader);
                Object trees = api.treesInstance.invoke(null, environment);
                if (trees != null) {
                    return new MethodBodies(trees, api);
                }
            } catch (ReflectiveOperationException | RuntimeException | LinkageError notJavac) {
                // Not javac, or an environment javac does not recognise: try the next loader, then give up.
            }
        }
        return UNAVAILABLE;
    }

    boolean available() {
        return trees != null;
    }

    Shape shapeOf(ExecutableElement method) {
        if (trees == null) {
            return Shape.UNKNOWN;
        }
        try {
            Object methodTree = api.getTree.invoke(trees, method);
            if (methodTree == null) {
                return Shape.UNKNOWN;
            }
            Object body = api.getBody.invoke(methodTree);
            if (body == null) {
                return Shape.NOT_TRIVIAL;
            }
            List<?> statements = (List<?>) api.getStatements.invoke(body);
            return statements.size() == 1 && isTrivialStatement(statements.get(0)) ? Shape.TRIVIAL : Shape.NOT_TRIVIAL;
        } catch (InvocationTargetException | IllegalAccessException | RuntimeException unexpected) {
            return Shape.UNKNOWN;
        }
    }

    private boolean isTrivialStatement(Object statement) throws InvocationTargetException, IllegalAccessException {
        if (api.returnTree.isInstance(statement)) {
            Object expression = api.returnExpression.invoke(statement);
            return expression == null || isSimple(expression);
        }
        if (api.expressionStatementTree.isInstance(statement)) {
            Object expression = api.statementExpression.invoke(statement);
            return api.assignmentTree.isInstance(expression)
                    && isSimple(api.assignmentVariable.invoke(expression))
                    && isSimple(api.assignmentExpression.invoke(expression));
        }
        return false;
    }

    /** A name, field access or literal, possibly parenthesised or combined by unary and binary operators. */
    private boolean isSimple(Object expression) throws InvocationTargetException, IllegalAccessException {
        if (api.identifierTree.isInstance(expression) || api.literalTree.isInstance(expression)) {
            return true;
        }
        if (api.memberSelectTree.isInstance(expression)) {
            return isSimple(api.memberSelectExpression.invoke(expression));
        }
        if (api.parenthesizedTree.isInstance(expression)) {
            return isSimple(api.parenthesizedExpression.invoke(expression));
        }
        if (api.unaryTree.isInstance(expression)) {
            return isSimple(api.unaryExpression.invoke(expression));
        }
        if (api.binaryTree.isInstance(expression)) {
            return isSimple(api.leftOperand.invoke(expression)) && isSimple(api.rightOperand.invoke(expression));
        }
        return false;
    }

    /** The reflective handles, all on exported public interfaces of {@code jdk.compiler} (tools.jar on Java 8). */
    private static final class Api {
        final Method treesInstance;
        final Method getTree;
        final Method getBody;
        final Method getStatements;
        final Class<?> returnTree;
        final Method returnExpression;
        final Class<?> expressionStatementTree;
        final Method statementExpression;
        final Class<?> assignmentTree;
        final Method assignmentVariable;
        final Method assignmentExpression;
        final Class<?> identifierTree;
        final Class<?> literalTree;
        final Class<?> memberSelectTree;
        final Method memberSelectExpression;
        final Class<?> parenthesizedTree;
        final Method parenthesizedExpression;
        final Class<?> unaryTree;
        final Method unaryExpression;
        final Class<?> binaryTree;
        final Method leftOperand;
        final Method rightOperand;

        Api(ClassLoader loader) throws ReflectiveOperationException {
            Class<?> trees = load("com.sun.source.util.Trees", loader);
            treesInstance = trees.getMethod("instance", ProcessingEnvironment.class);
            getTree = trees.getMethod("getTree", ExecutableElement.class);
            getBody = load("com.sun.source.tree.MethodTree", loader).getMethod("getBody");
            getStatements = load("com.sun.source.tree.BlockTree", loader).getMethod("getStatements");
            returnTree = load("com.sun.source.tree.ReturnTree", loader);
            returnExpression = returnTree.getMethod("getExpression");
            expressionStatementTree = load("com.sun.source.tree.ExpressionStatementTree", loader);
            statementExpression = expressionStatementTree.getMethod("getExpression");
            assignmentTree = load("com.sun.source.tree.AssignmentTree", loader);
            assignmentVariable = assignmentTree.getMethod("getVariable");
            assignmentExpression = assignmentTree.getMethod("getExpression");
            identifierTree = load("com.sun.source.tree.IdentifierTree", loader);
            literalTree = load("com.sun.source.tree.LiteralTree", loader);
            memberSelectTree = load("com.sun.source.tree.MemberSelectTree", loader);
            memberSelectExpression = memberSelectTree.getMethod("getExpression");
            parenthesizedTree = load("com.sun.source.tree.ParenthesizedTree", loader);
            parenthesizedExpression = parenthesizedTree.getMethod("getExpression");
            unaryTree = load("com.sun.source.tree.UnaryTree", loader);
            unaryExpression = unaryTree.getMethod("getExpression");
            binaryTree = load("com.sun.source.tree.BinaryTree", loader);
            leftOperand = binaryTree.getMethod("getLeftOperand");
            rightOperand = binaryTree.getMethod("getRightOperand");
        }

        private static Class<?> load(String name, ClassLoader loader) throws ClassNotFoundException {
            return Class.forName(name, false, loader);
        }
    }
}
