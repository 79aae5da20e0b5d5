"""Encoding text into vectors: one owner of the model.

Owns the encoders (ONNX Runtime by default, sentence-transformers/torch on request), batching,
the query cache and shared model calls, where the model's files are (`models`) and the one-off
ONNX export. torch is imported only inside the torch backend and the export. May import
`api.config` and `api.errors`; it knows nothing of the knowledge or the index.
"""
