/**
 * ONNX export of chainrule models ({@link dev.chainrule.onnx.OnnxExport}): a module of its own so
 * that {@code core} keeps no runtime dependency. The ONNX protobuf classes come from Tribuo's
 * {@code tribuo-util-onnx} artifact; ONNX Runtime checks the files in the tests.
 */
package dev.chainrule.onnx;
