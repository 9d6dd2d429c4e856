package io.leadergate.agent.instrument;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Writes the gate into selected methods of one class file, with the ASM that Byte Buddy bundles and
 * nothing else of it. Only method bodies change (no member, no class format change), so
 * retransformation is legal and other agents' transformations compose.
 *
 * <p>What a gated method becomes ({@link Advice#SKIP}, with {@code id} its {@code Gate} id as a
 * constant):
 *
 * <pre>{@code
 * if (!Gate.admit(id)) return <default>;      // null, 0, false; Optional.empty() for Optional
 * try { <body> } finally { Gate.leave(id); }  // every return and every throw of the body
 * }</pre>
 *
 * THROW refuses with {@code throw new NotLeaderException(Gate.refusal(id))} (or {@code
 * IllegalStateException} where the class cannot see the exception); with tracking ({@code
 * leadergate.on.loss=interrupt}) {@code InFlightCalls.admit/leave} stand for {@code Gate}'s. A
 * refused or skipped call was never admitted, so it never reaches {@code leave}. The executor entry
 * points get {@code task = TaskFilter.gate(task)}, any failure of which leaves the task as it was.
 *
 * <p>Frames without loading classes: the class is copied with its own stack map frames, and the
 * inserted code needs only frames it can state without type inference: a same-locals frame after
 * the entry check (the locals there are the method's arguments, exactly as at entry) and, for the
 * catch-all handler at the end of the method, a frame with no locals at all (every frame of the
 * body is assignable to it; the handler needs nothing but the id constant). No local variable is
 * added, so the body's own frames stay valid.
 */
final class GateWeaver {

    /** The code inserted into one method. */
    enum Advice {
        SKIP,
        SKIP_TO_EMPTY_OPTIONAL,
        THROW,
        THROW_ILLEGAL_STATE,
        WRAP_RUNNABLE,
        WRAP_CALLABLE;

        boolean gates() {
            return this != WRAP_RUNNABLE && this != WRAP_CALLABLE;
        }
    }

    /** The advice for one method and the {@code Gate} id it is compiled with. */
    static final class Woven {
        final Advice advice;
        final int id;

        Woven(Advice advice, int id) {
            this.advice = advice;
            this.id = id;
        }
    }

    private static final String GATE = "io/leadergate/bootstrap/Gate";
    private static final String IN_FLIGHT = "io/leadergate/bootstrap/InFlightCalls";
    private static final String TASK_FILTER = "io/leadergate/bootstrap/TaskFilter";
    private static final String NOT_LEADER = "io/leadergate/NotLeaderException";
    private static final String ILLEGAL_STATE = "java/lang/IllegalStateException";
    private static final String THROWABLE = "java/lang/Throwable";

    private GateWeaver() {}

    /**
     * {@code classFile} with the advice woven into each method named (by {@link
     * ClassFacts.Method#signature()}) in {@code methods}.
     *
     * @param tracked {@code InFlightCalls} instead of {@code Gate} for admission and leaving
     */
    static byte[] weave(byte[] classFile, Map<String, Woven> methods, boolean tracked) {
        ClassReader reader = new ClassReader(classFile);
        // The reader is handed to the writer so that methods left alone are copied byte for byte.
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(
                new ClassVisitor(Opcodes.ASM9, writer) {
                    private boolean frames;

                    @Override
                    public void visit(
                            int version,
                            int access,
                            String name,
                            String signature,
                            String superName,
                            String[] interfaces) {
                        // Class files before Java 6 have no stack map frames; nor may we add any.
                        frames = (version & 0xFFFF) >= Opcodes.V1_6;
                        super.visit(version, access, name, signature, superName, interfaces);
                    }

                    @Override
                    public MethodVisitor visitMethod(
                            int access,
                            String name,
                            String descriptor,
                            String signature,
                            String[] exceptions) {
                        MethodVisitor body =
                                super.visitMethod(access, name, descriptor, signature, exceptions);
                        Woven woven = methods.get(name + descriptor);
                        if (woven == null) {
                            return body;
                        }
                        return woven.advice.gates()
                                ? new GatedBody(body, descriptor, woven, tracked, frames)
                                : new WrappedTask(body, woven.advice, frames);
                    }
                },
                0);
        return writer.toByteArray();
    }

    /** The entry check, and the leave on every exit, of a gated method. */
    private static final class GatedBody extends MethodVisitor {
        private final String descriptor;
        private final Woven woven;
        private final String admission;
        private final boolean frames;
        private final List<Label[]> ranges = new ArrayList<>();
        private Label rangeStart;

        GatedBody(
                MethodVisitor body,
                String descriptor,
                Woven woven,
                boolean tracked,
                boolean frames) {
            super(Opcodes.ASM9, body);
            this.descriptor = descriptor;
            this.woven = woven;
            this.admission = tracked ? IN_FLIGHT : GATE;
            this.frames = frames;
        }

        @Override
        public void visitCode() {
            super.visitCode();
            Label admitted = new Label();
            pushId();
            super.visitMethodInsn(Opcodes.INVOKESTATIC, admission, "admit", "(I)Z", false);
            super.visitJumpInsn(Opcodes.IFNE, admitted);
            switch (woven.advice) {
                case THROW:
                    refuse(NOT_LEADER);
                    break;
                case THROW_ILLEGAL_STATE:
                    refuse(ILLEGAL_STATE);
                    break;
                case SKIP_TO_EMPTY_OPTIONAL:
                    super.visitMethodInsn(
                            Opcodes.INVOKESTATIC,
                            "java/util/Optional",
                            "empty",
                            "()Ljava/util/Optional;",
                            false);
                    super.visitInsn(Opcodes.ARETURN);
                    break;
                default:
                    returnDefault();
            }
            super.visitLabel(admitted);
            if (frames) {
                super.visitFrame(Opcodes.F_SAME, 0, null, 0, null);
            }
            // A frame of the body's first instruction must not share the offset of ours.
            super.visitInsn(Opcodes.NOP);
            startRange();
        }

        @Override
        public void visitInsn(int opcode) {
            if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
                Label end = new Label();
                super.visitLabel(end);
                ranges.add(new Label[] {rangeStart, end});
                leave();
                super.visitInsn(opcode);
                startRange();
                return;
            }
            super.visitInsn(opcode);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            Label end = new Label();
            super.visitLabel(end);
            ranges.add(new Label[] {rangeStart, end});
            Label handler = new Label();
            super.visitLabel(handler);
            if (frames) {
                super.visitFrame(Opcodes.F_FULL, 0, new Object[0], 1, new Object[] {THROWABLE});
            }
            leave();
            super.visitInsn(Opcodes.ATHROW);
            // Registered last, so every handler of the body's own takes precedence.
            for (Label[] range : ranges) {
                if (range[0].getOffset() < range[1].getOffset()) {
                    super.visitTryCatchBlock(range[0], range[1], handler, null);
                }
            }
            // The id on top of a return value; the refusal's new, dup, id; the handler's two.
            super.visitMaxs(Math.max(maxStack + 1, 3), maxLocals);
        }

        private void startRange() {
            rangeStart = new Label();
            super.visitLabel(rangeStart);
        }

        private void refuse(String exception) {
            super.visitTypeInsn(Opcodes.NEW, exception);
            super.visitInsn(Opcodes.DUP);
            pushId();
            super.visitMethodInsn(
                    Opcodes.INVOKESTATIC, GATE, "refusal", "(I)Ljava/lang/String;", false);
            super.visitMethodInsn(
                    Opcodes.INVOKESPECIAL, exception, "<init>", "(Ljava/lang/String;)V", false);
            super.visitInsn(Opcodes.ATHROW);
        }

        private void leave() {
            pushId();
            super.visitMethodInsn(Opcodes.INVOKESTATIC, admission, "leave", "(I)V", false);
        }

        private void returnDefault() {
            switch (descriptor.charAt(descriptor.indexOf(')') + 1)) {
                case 'V':
                    super.visitInsn(Opcodes.RETURN);
                    break;
                case 'J':
                    super.visitInsn(Opcodes.LCONST_0);
                    super.visitInsn(Opcodes.LRETURN);
                    break;
                case 'F':
                    super.visitInsn(Opcodes.FCONST_0);
                    super.visitInsn(Opcodes.FRETURN);
                    break;
                case 'D':
                    super.visitInsn(Opcodes.DCONST_0);
                    super.visitInsn(Opcodes.DRETURN);
                    break;
                case 'L':
                case '[':
                    super.visitInsn(Opcodes.ACONST_NULL);
                    super.visitInsn(Opcodes.ARETURN);
                    break;
                default: // Z, B, C, S, I
                    super.visitInsn(Opcodes.ICONST_0);
                    super.visitInsn(Opcodes.IRETURN);
            }
        }

        private void pushId() {
            int id = woven.id;
            if (id >= -1 && id <= 5) {
                super.visitInsn(Opcodes.ICONST_0 + id);
            } else if (id >= Byte.MIN_VALUE && id <= Byte.MAX_VALUE) {
                super.visitIntInsn(Opcodes.BIPUSH, id);
            } else if (id >= Short.MIN_VALUE && id <= Short.MAX_VALUE) {
                super.visitIntInsn(Opcodes.SIPUSH, id);
            } else {
                super.visitLdcInsn(id);
            }
        }
    }

    /**
     * {@code task = TaskFilter.gate(task)} on the first argument of an executor entry point; a
     * throw inside is caught and the argument stays as it was (the task runs ungated) rather than
     * breaking the application's scheduling call.
     */
    private static final class WrappedTask extends MethodVisitor {
        private final String taskType;
        private final boolean frames;

        WrappedTask(MethodVisitor body, Advice advice, boolean frames) {
            super(Opcodes.ASM9, body);
            this.taskType =
                    advice == Advice.WRAP_RUNNABLE
                            ? "Ljava/lang/Runnable;"
                            : "Ljava/util/concurrent/Callable;";
            this.frames = frames;
        }

        @Override
        public void visitCode() {
            super.visitCode();
            Label start = new Label();
            Label end = new Label();
            Label failed = new Label();
            Label done = new Label();
            super.visitTryCatchBlock(start, end, failed, THROWABLE);
            super.visitLabel(start);
            super.visitVarInsn(Opcodes.ALOAD, 1);
            super.visitMethodInsn(
                    Opcodes.INVOKESTATIC,
                    TASK_FILTER,
                    "gate",
                    "(" + taskType + ")" + taskType,
                    false);
            super.visitVarInsn(Opcodes.ASTORE, 1);
            super.visitLabel(end);
            super.visitJumpInsn(Opcodes.GOTO, done);
            super.visitLabel(failed);
            if (frames) {
                // The locals throughout the try are those at entry: the same, with the throwable.
                super.visitFrame(Opcodes.F_SAME1, 0, null, 1, new Object[] {THROWABLE});
            }
            super.visitInsn(Opcodes.POP);
            super.visitLabel(done);
            if (frames) {
                super.visitFrame(Opcodes.F_SAME, 0, null, 0, null);
            }
            super.visitInsn(Opcodes.NOP);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitMaxs(Math.max(maxStack, 1), maxLocals);
        }
    }
}
