"""Export a sentence-transformers model to ONNX, once, offline, for `OnnxEmbedder`.

This is the only module that needs torch at all on the ONNX path, and nothing on the serving path
imports it: `OnnxEmbedder` runs it in a child process (`python -m api.embedding.onnx_export`)
when the export is missing or was made from other weights, so a server never holds torch in
memory.

An export directory holds:

    model.onnx        the transformer: token ids in, token embeddings out (float32)
    model.onnx.data   its weights, apart: ONNX Runtime maps them from the file, so a process
                      holds in memory only what it uses (of the token embedding table, the rows
                      of the tokens it has seen)
    model-int8.onnx   the same with 8-bit weights, one scale per block of 32 along each column
                      (ONNX Runtime's MatMulNBits), the activations quantised to 8 bits on the
                      fly (optional)
    model-int8.onnx.data  its weights, apart in the same way
    tokenizer.json    the model's fast tokenizer
    export.json       how to use them: pooling, normalisation, sequence length, dimension, and
                      the fingerprint of the weights it was made from

sentence-transformers' own ONNX backend exports through optimum, whose current release pins
transformers below the version this project runs, so the export is done here with
`torch.onnx.export` on the model's `transformers` module, and the weight quantisation with
onnxruntime's `MatMulNBitsQuantizer`. Pooling and normalisation are
read from the model's sentence-transformers configuration, as sentence-transformers reads them.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import shutil
import sys
import tempfile
import time
import warnings
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from api.embedding.models import resolve_model, stay_offline

# 3: int8 weights in blocks of 32 (MatMulNBits); 2 had one scale per output channel
# (`quantize_dynamic`), 1 one scale per tensor.
EXPORT_FORMAT = 3
EXPORT_FILE = "export.json"
MODEL_FILE = "model.onnx"
WEIGHTS_FILE = "model.onnx.data"
QUANTIZED_FILE = "model-int8.onnx"
QUANTIZED_WEIGHTS_FILE = "model-int8.onnx.data"
# The int8 model: 8-bit weights with one scale per block of QUANT_BLOCK rows of a column, the
# activations quantised per block when a call runs (MatMulNBits' accuracy level 4: int8 dot
# products). Blocks of 32 keep the vectors within cosine 0.9978 of full precision (mean
# 0.9996), where one scale per output channel gave 0.943 (mean 0.992; docs/benchmarks.md).
QUANT_BITS = 8
QUANT_BLOCK = 32
QUANT_ACCURACY_LEVEL = 4
TOKENIZER_FILE = "tokenizer.json"
OPSET = 17
POOLING_MODES = ("mean", "cls", "max", "mean_sqrt_len")


class ExportError(Exception):
    """The model cannot be exported (not a sentence-transformers directory, or torch failed)."""


@dataclass(frozen=True)
class ExportInfo:
    """What `export.json` says: enough to encode exactly as sentence-transformers does."""

    format: int
    model_id: str
    fingerprint: str  # of the source weights: a different fingerprint means export again
    pooling: str
    normalize: bool
    max_seq_length: int
    dimension: int
    quantized: bool
    exported_at: str
    torch: str = ""

    @classmethod
    def read(cls, directory: Path) -> ExportInfo | None:
        """The export in `directory`, or None when there is none or it is unreadable."""
        try:
            data = json.loads((directory / EXPORT_FILE).read_text(encoding="utf-8"))
            info = cls(**data)
        except (OSError, ValueError, TypeError):
            return None
        files = [MODEL_FILE, WEIGHTS_FILE, TOKENIZER_FILE] + (
            [QUANTIZED_FILE, QUANTIZED_WEIGHTS_FILE] if info.quantized else [])
        if info.format != EXPORT_FORMAT or not all((directory / f).is_file() for f in files):
            return None
        return info


def fingerprint(source: Path) -> str:
    """Cheap identity of a model directory's files (names, sizes, modification times)."""
    parts = []
    for path in sorted(p for p in Path(source).rglob("*") if p.is_file()):
        stat = path.stat()
        parts.append(f"{path.relative_to(source)}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


def read_pooling(source: Path) -> tuple[str, bool, int]:
    """(pooling mode, whether vectors are normalised, max sequence length) from the model's
    sentence-transformers files (modules.json, the pooling config, sentence_bert_config.json)."""
    try:
        modules = json.loads((source / "modules.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ExportError(f"{source} is not a sentence-transformers model: {exc}") from exc
    pooling, normalize = "mean", False
    for module in modules:
        kind = str(module.get("type", ""))
        if kind.endswith("models.Pooling"):
            config = json.loads((source / module["path"] / "config.json").read_text("utf-8"))
            chosen = [m for m in POOLING_MODES if config.get(f"pooling_mode_{m}_token")
                      or config.get(f"pooling_mode_{m}_tokens") or config.get(f"pooling_mode_{m}")]
            if len(chosen) != 1:
                raise ExportError(f"{source}: pooling {config} is not one of {POOLING_MODES}")
            pooling = chosen[0]
        elif kind.endswith("models.Normalize"):
            normalize = True
        elif not kind.endswith("models.Transformer"):
            raise ExportError(f"{source}: module {kind} cannot be exported to ONNX here")
    try:
        config = json.loads((source / "sentence_bert_config.json").read_text(encoding="utf-8"))
        max_len = int(config.get("max_seq_length") or 512)
    except (OSError, ValueError):
        max_len = 512
    return pooling, normalize, max_len


def export(model: str, target: Path, *, quantize: bool = False) -> ExportInfo:
    """Export `model` (a name `resolve_model` knows, or a directory) into `target`.

    The files are written to a directory beside `target` and renamed into place, so a reader
    never sees half an export.
    """
    stay_offline()  # before the Hugging Face stack is first imported: it reads these then
    # Deferred: torch and transformers are heavy, and only an export needs them.
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()
    model_id, location = resolve_model(model)
    source = Path(location)
    if not source.is_dir():
        raise ExportError(f"model '{model}' is not a local directory; nothing downloads here")
    pooling, normalize, max_len = read_pooling(source)
    try:
        # Eager attention traces to plain ONNX operators that honour the padding mask.
        transformer = AutoModel.from_pretrained(str(source), attn_implementation="eager").eval()
    except Exception as exc:  # noqa: BLE001 - any loader failure means the same here
        raise ExportError(f"cannot load '{model}' for export: {exc}") from exc
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    work.chmod(0o755)  # mkdtemp makes it private; readers may be other users
    try:
        _trace(torch, transformer, work / "traced.onnx")
        _weights_apart(work / "traced.onnx", work / MODEL_FILE)
        if quantize:
            _quantize(work / MODEL_FILE, work / QUANTIZED_FILE)
        shutil.copyfile(source / TOKENIZER_FILE, work / TOKENIZER_FILE)
        info = ExportInfo(
            format=EXPORT_FORMAT, model_id=model_id, fingerprint=fingerprint(source),
            pooling=pooling, normalize=normalize, max_seq_length=max_len,
            dimension=int(transformer.config.hidden_size), quantized=quantize,
            exported_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            torch=str(torch.__version__))
        (work / EXPORT_FILE).write_text(json.dumps(asdict(info), indent=1), encoding="utf-8")
        for path in work.iterdir():
            path.chmod(0o644)  # readable by the users that serve, as the directory is
        if target.exists():
            old = target.with_name(f".{target.name}-old-{os.getpid()}")
            os.rename(target, old)
            os.rename(work, target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(work, target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return info


def _weights_apart(traced: Path, target: Path) -> None:
    """Save the model with its weights in one file beside it (see the module docstring)."""
    import onnx  # deferred: only an export writes ONNX files

    model = onnx.load(str(traced))
    onnx.save_model(model, str(target), save_as_external_data=True, all_tensors_to_one_file=True,
                    location=WEIGHTS_FILE, size_threshold=1024)
    traced.unlink()


def _quantize(model_file: Path, target: Path) -> None:
    """The int8 model of `model_file`: its matrix products with 8-bit weights in blocks (see
    QUANT_BLOCK); the token-embedding table and the layer norms stay as they are. Saved with its
    weights apart, like the full-precision model."""
    # Deferred: onnx and onnxruntime's quantiser (it imports onnx too) serve only an export.
    import onnx
    from onnxruntime.quantization.matmul_nbits_quantizer import (
        DefaultWeightOnlyQuantConfig,
        MatMulNBitsQuantizer,
    )

    config = DefaultWeightOnlyQuantConfig(block_size=QUANT_BLOCK, is_symmetric=True,
                                          accuracy_level=QUANT_ACCURACY_LEVEL, bits=QUANT_BITS)
    # It logs a line for every operator it leaves alone.
    logging.getLogger("onnxruntime.quantization.matmul_nbits_quantizer").setLevel(logging.WARNING)
    quantizer = MatMulNBitsQuantizer(onnx.load(str(model_file)), algo_config=config)
    quantizer.process()
    quantizer.model.topological_sort()
    onnx.save_model(quantizer.model.model, str(target), save_as_external_data=True,
                    all_tensors_to_one_file=True, location=QUANTIZED_WEIGHTS_FILE,
                    size_threshold=1024)


def _trace(torch: Any, transformer: Any, path: Path) -> None:
    """Trace the transformer to ONNX with batch and sequence length left dynamic."""
    class TokenEmbeddings(torch.nn.Module):  # type: ignore[misc, name-defined]
        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.inner(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state

    ids = torch.ones(2, 8, dtype=torch.long)
    mask = ids.clone()
    mask[1, 5:] = 0  # trace with padding, so the masked path is what is recorded
    names = ["input_ids", "attention_mask", "token_type_ids"]
    axes = {n: {0: "batch", 1: "sequence"} for n in [*names, "token_embeddings"]}
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")
        torch.onnx.export(TokenEmbeddings(transformer), (ids, mask, torch.zeros_like(ids)),
                          str(path), input_names=names, output_names=["token_embeddings"],
                          dynamic_axes=axes, opset_version=OPSET, do_constant_folding=True,
                          dynamo=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m api.embedding.onnx_export",
                                     description=__doc__)
    parser.add_argument("model")
    parser.add_argument("target", type=Path)
    parser.add_argument("--quantize", action="store_true",
                        help="also write the int8-quantised model")
    args = parser.parse_args(argv)
    try:
        info = export(args.model, args.target, quantize=args.quantize)
    except (ExportError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(asdict(info)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
