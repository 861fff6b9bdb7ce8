"""The project's own tiny video-language model (`local` backend): a frame encoder and a
GRU decoder over a word vocabulary, trained on the synthetic sample clips on CPU in
minutes, exported to ONNX (encoder.onnx + model.onnx, one decoding step) for TypeScript.
"""
