package dev.chainrule.onnx;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/** The graph being built: its nodes in order and their constant inputs (initializers). */
final class OnnxGraph {
    final OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder();

    /** Adds a node without attributes; returns its output's name. */
    String node(String op, String name, List<String> inputs) {
        return node(op, name, inputs, List.of());
    }

    /** Adds a node whose one output is named after it; returns that output's name. */
    String node(String op, String name, List<String> inputs, List<OnnxMl.AttributeProto> attributes) {
        graph.addNode(OnnxMl.NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(inputs).addOutput(name)
                .addAllAttribute(attributes));
        return name;
    }

    /** A float constant of the given shape, values row-major (rounded to float32); returns its name. */
    String initializer(String name, int[] shape, double[] values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            raw.putFloat((float) v);
        }
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name)
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT_VALUE).setRawData(ByteString.copyFrom(raw.array()));
        for (int d : shape) {
            t.addDims(d);
        }
        graph.addInitializer(t);
        return name;
    }

    /** A one-dimensional int64 constant (a shape for {@code Reshape}); returns its name. */
    String longs(String name, long[] values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            raw.putLong(v);
        }
        graph.addInitializer(OnnxMl.TensorProto.newBuilder().setName(name).setDataType(OnnxMl.TensorProto.DataType.INT64_VALUE)
                .addDims(values.length).setRawData(ByteString.copyFrom(raw.array())));
        return name;
    }

    static OnnxMl.AttributeProto ints(String name, int... values) {
        OnnxMl.AttributeProto.Builder a = OnnxMl.AttributeProto.newBuilder().setName(name)
                .setType(OnnxMl.AttributeProto.AttributeType.INTS);
        for (int v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    static OnnxMl.AttributeProto integer(String name, long value) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.INT).setI(value)
                .build();
    }

    static OnnxMl.AttributeProto real(String name, double value) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.FLOAT)
                .setF((float) value).build();
    }

    /** A float tensor {@code [batch, dims...]} with a symbolic batch dimension. */
    static OnnxMl.ValueInfoProto valueInfo(String name, int[] dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder()
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("batch"));
        for (int d : dims) {
            shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        OnnxMl.TypeProto type = OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                .setElemType(OnnxMl.TensorProto.DataType.FLOAT_VALUE).setShape(shape)).build();
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(type).build();
    }
}
