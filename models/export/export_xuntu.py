#!/usr/bin/env python3
"""Convert Chinese CLIP checkpoints into Xuntu's model layout.

Output folder (what Xuntu imports as format "xuntu"; see main/core/clip/model-manifest.ts):

    manifest.json   every field modelManifestSchema requires
    image.onnx      pixel_values [batch, 3, S, S] float32 -> image_embeds [batch, D] float32, L2-normalised
    text.onnx       input_ids, attention_mask [batch, L] int64 -> text_embeds [batch, D] float32, L2-normalised
    vocab.txt       BERT WordPiece vocabulary (and/or tokenizer.json for --family hf-clip)
    *.onnx.data     external weights, only when a graph is over protobuf's 2 GB limit (ViT-H fp32)

Both graphs take a dynamic batch (dim 0 named "batch"); the text length is fixed (52 by default).

Families:
    chinese-clip  OFA-Sys cn_clip checkpoints (clip_cn_vit-b-16.pt ...), through the cn_clip package
    taiyi         IDEA-CCNL Taiyi-CLIP: BertForSequenceClassification text tower + OpenAI CLIP ViT-L/14 image tower
    hf-clip       a Hugging Face ChineseCLIPModel / CLIPModel folder (config.json + weights + tokenizer files)

--dry-run writes only manifest.json and needs neither torch nor onnx (the logit scale is then the nominal 100).

Only the --dry-run path has been run by Xuntu's authors (see README.md).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

# ----------------------------------------------------------------------------------------------------------------
# Static facts (no torch needed)
# ----------------------------------------------------------------------------------------------------------------

#: OpenAI CLIP normalisation; Chinese-CLIP reuses it unchanged (cn_clip/clip/utils.py image_transform).
CLIP_MEAN = [0.48145466, 0.4578275, 0.40821073]
CLIP_STD = [0.26862954, 0.26130258, 0.27577711]

#: [PAD], [UNK], [CLS], [SEP] in the Chinese RoBERTa-wwm-ext / BERT-chinese vocab.txt.
BERT_IDS = {"padId": 0, "unkId": 100, "clsId": 101, "sepId": 102}

DEFAULT_CONTEXT_LENGTH = 52  # cn_clip/clip/utils.py tokenize: "all baseline models use 52"
OPSET = 17
#: Trained CLIP temperatures end at the clamp: exp(4.6052) = 100. Used by --dry-run, which loads no weights.
NOMINAL_LOGIT_SCALE = 100.0

#: cn_clip architectures: _MODEL_INFO struct + input resolution (cn_clip/clip/utils.py), embedding dim, licence.
CHINESE_CLIP_ARCHS = {
    "ViT-B-16": {"struct": "ViT-B-16@RoBERTa-wwm-ext-base-chinese", "size": 224, "dim": 512, "license": "MIT",
                 "display": "Chinese-CLIP ViT-B/16"},
    "ViT-L-14": {"struct": "ViT-L-14@RoBERTa-wwm-ext-base-chinese", "size": 224, "dim": 768, "license": "MIT",
                 "display": "Chinese-CLIP ViT-L/14"},
    "ViT-L-14-336": {"struct": "ViT-L-14-336@RoBERTa-wwm-ext-base-chinese", "size": 336, "dim": 768,
                     "license": "MIT", "display": "Chinese-CLIP ViT-L/14@336px"},
    "ViT-H-14": {"struct": "ViT-H-14@RoBERTa-wwm-ext-large-chinese", "size": 224, "dim": 1024, "license": "MIT",
                 "display": "Chinese-CLIP ViT-H/14"},
    # Licence as recorded in models/catalog.json for chinese-clip-rn50.
    "RN50": {"struct": "RN50@RBT3-chinese", "size": 224, "dim": 1024, "license": "Apache-2.0",
             "display": "Chinese-CLIP RN50"},
}
CHINESE_CLIP_URLS = {
    "ViT-B-16": "https://clip-cn-beijing.oss-cn-beijing.aliyuncs.com/checkpoints/clip_cn_vit-b-16.pt",
    "ViT-L-14": "https://clip-cn-beijing.oss-cn-beijing.aliyuncs.com/checkpoints/clip_cn_vit-l-14.pt",
    "ViT-L-14-336": "https://clip-cn-beijing.oss-cn-beijing.aliyuncs.com/checkpoints/clip_cn_vit-l-14-336.pt",
    "ViT-H-14": "https://clip-cn-beijing.oss-cn-beijing.aliyuncs.com/checkpoints/clip_cn_vit-h-14.pt",
    "RN50": "https://clip-cn-beijing.oss-cn-beijing.aliyuncs.com/checkpoints/clip_cn_rn50.pt",
}

TAIYI_DEFAULT_TEXT = "IDEA-CCNL/Taiyi-CLIP-RoBERTa-102M-ViT-L-Chinese"
TAIYI_DEFAULT_IMAGE = "openai/clip-vit-large-patch14"

#: PIL / transformers resample codes -> manifest interpolation.
RESAMPLE = {2: "bilinear", 3: "bicubic", "bilinear": "bilinear", "bicubic": "bicubic"}

#: Verification thresholds per precision: fp32 compares values, fp16/int8 compare directions (cosine).
FP32_MAX_ABS = 1e-3
MIN_COSINE = {"fp16": 0.999, "int8": 0.97}

#: Protobuf cannot hold a model over 2 GiB; leave headroom.
EXTERNAL_DATA_THRESHOLD = 1_800_000_000

TENSORS = {
    "image_input": "pixel_values",
    "image_output": "image_embeds",
    "text_ids": "input_ids",
    "text_mask": "attention_mask",
    "text_output": "text_embeds",
}


def slug(s: str) -> str:
    s = re.sub(r"[^a-z0-9._-]+", "-", s.lower()).strip("-._")
    return s or "model"


def log(msg: str) -> None:
    print(f"[export_xuntu] {msg}", flush=True)


# ----------------------------------------------------------------------------------------------------------------
# Tokenizer facts read from files (pure JSON / text, so --dry-run can use them)
# ----------------------------------------------------------------------------------------------------------------

SPECIAL_CANDIDATES = {
    "padId": ["[PAD]", "<pad>", "<|endoftext|>"],
    "unkId": ["[UNK]", "<unk>", "<|endoftext|>"],
    "clsId": ["[CLS]", "<s>", "<|startoftext|>"],
    "sepId": ["[SEP]", "</s>", "<|endoftext|>"],
}


def read_vocab(folder: Path) -> dict[str, int] | None:
    vocab_txt = folder / "vocab.txt"
    if vocab_txt.is_file():
        with open(vocab_txt, encoding="utf-8") as f:
            return {line.rstrip("\n"): i for i, line in enumerate(f)}
    tok_json = folder / "tokenizer.json"
    if tok_json.is_file():
        with open(tok_json, encoding="utf-8") as f:
            tj = json.load(f)
        vocab = dict(tj.get("model", {}).get("vocab") or {}) if isinstance(tj.get("model", {}).get("vocab"), dict) else {}
        for t in tj.get("added_tokens", []):
            vocab[t["content"]] = t["id"]
        return vocab
    return None


def special_ids(folder: Path | None) -> dict[str, int]:
    """[PAD]/[UNK]/[CLS]/[SEP] ids from a folder's vocab.txt or tokenizer.json; BERT-chinese ids otherwise."""
    vocab = read_vocab(folder) if folder else None
    if not vocab:
        return dict(BERT_IDS)
    out = {}
    for key, names in SPECIAL_CANDIDATES.items():
        found = next((vocab[n] for n in names if n in vocab), None)
        if found is None:
            raise SystemExit(f"cannot find a {key} token ({' / '.join(names)}) in the tokenizer files of {folder}")
        out[key] = int(found)
    return out


def lowercase_of(folder: Path | None) -> bool:
    """BERT-chinese tokenizers lower-case (do_lower_case defaults to true); so does CLIP's BPE tokenizer."""
    if folder and (folder / "tokenizer_config.json").is_file():
        with open(folder / "tokenizer_config.json", encoding="utf-8") as f:
            cfg = json.load(f)
        if "do_lower_case" in cfg:
            return bool(cfg["do_lower_case"])
    return True


# ----------------------------------------------------------------------------------------------------------------
# Manifest
# ----------------------------------------------------------------------------------------------------------------


def build_spec(args: argparse.Namespace) -> dict:
    """Everything the manifest says that does not depend on the loaded weights (all of it except the logit scale,
    and for hf-clip the tokenizer files present)."""
    ctx = args.context_length
    if args.family == "chinese-clip":
        if args.arch not in CHINESE_CLIP_ARCHS:
            raise SystemExit(f"--arch must be one of {', '.join(CHINESE_CLIP_ARCHS)} for --family chinese-clip")
        a = CHINESE_CLIP_ARCHS[args.arch]
        ckpt = Path(args.checkpoint).name if args.checkpoint else CHINESE_CLIP_URLS[args.arch]
        return {
            "family": "chinese-clip",
            "arch": slug(args.arch),
            "displayName": a["display"],
            "size": a["size"],
            "resize": "direct",
            "interpolation": "bicubic",
            "mean": CLIP_MEAN,
            "std": CLIP_STD,
            "dim": a["dim"],
            "ctx": ctx or DEFAULT_CONTEXT_LENGTH,
            "ids": dict(BERT_IDS),
            "lowercase": True,
            "license": a["license"],
            "source": f"OFA-Sys Chinese-CLIP {args.arch} checkpoint ({ckpt}; upstream {CHINESE_CLIP_URLS[args.arch]}), "
                      "converted by models/export/export_xuntu.py",
            "files": {"vocab": "vocab.txt"},
        }
    if args.family == "taiyi":
        text, image = args.text or TAIYI_DEFAULT_TEXT, args.image or TAIYI_DEFAULT_IMAGE
        name = Path(text.rstrip("/")).name
        arch = slug(re.sub(r"^taiyi-clip-", "", name, flags=re.I))
        return {
            "family": "taiyi-clip",
            "arch": arch,
            "displayName": f"Taiyi-CLIP {name.replace('Taiyi-CLIP-', '')}",
            "size": 224,
            "resize": "shortest-side-center-crop",
            "interpolation": "bicubic",
            "mean": CLIP_MEAN,
            "std": CLIP_STD,
            "dim": 768,
            "ctx": ctx or DEFAULT_CONTEXT_LENGTH,
            "ids": dict(BERT_IDS),
            "lowercase": True,
            "license": "Apache-2.0 (text tower, IDEA-CCNL); MIT (image tower, OpenAI CLIP)",
            "source": f"text: {text} (BertForSequenceClassification logits); image: {image} "
                      "(CLIPVisionModelWithProjection image_embeds); converted by models/export/export_xuntu.py",
            "files": {"vocab": "vocab.txt"},
        }
    if args.family == "hf-clip":
        if not args.model:
            raise SystemExit("--family hf-clip needs --model DIR (a Hugging Face ChineseCLIPModel / CLIPModel folder)")
        folder = Path(args.model)
        cfg_file = folder / "config.json"
        if not cfg_file.is_file():
            raise SystemExit(f"{cfg_file} not found")
        with open(cfg_file, encoding="utf-8") as f:
            cfg = json.load(f)
        model_type = cfg.get("model_type", "chinese_clip")
        if model_type not in ("chinese_clip", "clip"):
            raise SystemExit(f"config.json model_type is {model_type!r}; expected chinese_clip or clip")
        pre = {}
        if (folder / "preprocessor_config.json").is_file():
            with open(folder / "preprocessor_config.json", encoding="utf-8") as f:
                pre = json.load(f)
        vision = cfg.get("vision_config") or {}
        text_cfg = cfg.get("text_config") or {}
        size_cfg = pre.get("size", {})
        if isinstance(size_cfg, int):
            size_cfg = {"shortest_edge": size_cfg}
        if "shortest_edge" in size_cfg:
            resize = "shortest-side-center-crop"
            crop = pre.get("crop_size", size_cfg["shortest_edge"])
            size = crop.get("height", crop.get("width")) if isinstance(crop, dict) else int(crop)
            if size_cfg["shortest_edge"] != size:
                raise SystemExit(f"preprocessor resizes the short side to {size_cfg['shortest_edge']} and crops "
                                 f"{size}; Xuntu's shortest-side-center-crop resizes to the crop size")
        elif "height" in size_cfg:
            resize = "direct"
            size = size_cfg["height"]
            if size_cfg.get("width", size) != size:
                raise SystemExit("non-square direct resize is not supported by Xuntu's manifest")
        else:
            # No preprocessor_config.json: ChineseCLIP resizes directly, OpenAI CLIP crops.
            resize = "direct" if model_type == "chinese_clip" else "shortest-side-center-crop"
            size = vision.get("image_size", 224)
        interpolation = RESAMPLE.get(pre.get("resample", 3))
        if interpolation is None:
            raise SystemExit(f"resample {pre.get('resample')!r} is neither bicubic (3) nor bilinear (2)")
        if vision.get("image_size", size) != size:
            raise SystemExit(f"vision_config.image_size {vision.get('image_size')} != preprocessing size {size}")
        has_vocab = (folder / "vocab.txt").is_file()
        has_tok_json = (folder / "tokenizer.json").is_file()
        if not (has_vocab or has_tok_json):
            raise SystemExit(f"{folder} has neither vocab.txt nor tokenizer.json")
        files = {}
        if has_vocab:
            files["vocab"] = "vocab.txt"
        if has_tok_json:
            files["tokenizerJson"] = "tokenizer.json"
        default_ctx = DEFAULT_CONTEXT_LENGTH if model_type == "chinese_clip" else text_cfg.get("max_position_embeddings", 77)
        family = model_type.replace("_", "-")
        return {
            "family": family,
            "arch": slug(folder.resolve().name),
            "displayName": f"{folder.resolve().name} ({'ChineseCLIPModel' if model_type == 'chinese_clip' else 'CLIPModel'})",
            "size": int(size),
            "resize": resize,
            "interpolation": interpolation,
            "mean": [float(v) for v in pre.get("image_mean", CLIP_MEAN)],
            "std": [float(v) for v in pre.get("image_std", CLIP_STD)],
            "dim": int(cfg.get("projection_dim", 512)),
            "ctx": ctx or int(default_ctx),
            "ids": special_ids(folder),
            "lowercase": lowercase_of(folder),
            "license": args.license or "unknown (see the model card of the source repository)",
            "source": f"Hugging Face {('ChineseCLIPModel' if model_type == 'chinese_clip' else 'CLIPModel')} folder "
                      f"{folder.resolve().name}; converted by models/export/export_xuntu.py",
            "files": files,
        }
    raise SystemExit(f"unknown --family {args.family}")


def make_manifest(spec: dict, args: argparse.Namespace, logit_scale: float, notes: list[str]) -> dict:
    manifest_id = args.id or slug(f"{spec['family']}-{spec['arch']}-{args.precision}")
    display = args.display_name or f"{spec['displayName']} ({args.precision})"
    files = {"image": "image.onnx", "text": "text.onnx", **spec["files"]}
    manifest = {
        "id": manifest_id,
        "family": spec["family"],
        "displayName": display,
        "format": "xuntu",
        "files": files,
        "image": {
            "input": TENSORS["image_input"],
            "output": TENSORS["image_output"],
            "batch": "dynamic",
            "size": spec["size"],
            "resize": spec["resize"],
            "interpolation": spec["interpolation"],
            "mean": spec["mean"],
            "std": spec["std"],
        },
        "text": {
            "inputIds": TENSORS["text_ids"],
            "attentionMask": TENSORS["text_mask"],
            "output": TENSORS["text_output"],
            "batch": "dynamic",
            "contextLength": spec["ctx"],
            **spec["ids"],
            "lowercase": spec["lowercase"],
            "pooling": "in-graph",
        },
        "outputsNormalized": True,
        "embeddingDim": spec["dim"],
        "logitScale": round(float(logit_scale), 4),
        "license": args.license or spec["license"],
        "source": spec["source"],
    }
    if notes:
        manifest["notes"] = " ".join(notes)
    if not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", manifest["id"]):
        raise SystemExit(f"id {manifest['id']!r} must be lowercase letters, digits, '.', '_' and '-'")
    return manifest


def write_manifest(out: Path, manifest: dict) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    path = out / "manifest.json"
    with open(path, "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=2)
        f.write("\n")
    return path


# ----------------------------------------------------------------------------------------------------------------
# Towers (torch from here on; imported lazily so --dry-run works without it)
# ----------------------------------------------------------------------------------------------------------------


def as_tensor(out, *keys):
    """get_*_features returns a tensor in transformers 4.x; newer versions may return a ModelOutput."""
    import torch

    if isinstance(out, torch.Tensor):
        return out
    for k in keys + ("pooler_output",):
        v = getattr(out, k, None)
        if isinstance(v, torch.Tensor):
            return v
    raise TypeError(f"cannot find the embeddings in {type(out).__name__}")


def make_wrappers(embed_image, embed_text):
    """Two small nn.Modules: towers with the Xuntu tensor names and in-graph L2 normalisation."""
    import torch

    class ImageTower(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.holder = torch.nn.ModuleList([m for m in embed_image.modules_ if m is not None])

        def forward(self, pixel_values):
            x = embed_image(pixel_values).float()
            return x / x.norm(dim=-1, keepdim=True)

    class TextTower(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.holder = torch.nn.ModuleList([m for m in embed_text.modules_ if m is not None])

        def forward(self, input_ids, attention_mask):
            x = embed_text(input_ids, attention_mask).float()
            return x / x.norm(dim=-1, keepdim=True)

    return ImageTower().eval(), TextTower().eval()


class Fn:
    """A callable that remembers the modules it uses (so the wrapper registers them and exports their weights)."""

    def __init__(self, fn, *modules):
        self.fn, self.modules_ = fn, modules

    def __call__(self, *a):
        return self.fn(*a)


def load_chinese_clip(args, spec):
    import torch
    from cn_clip.clip import utils as cn_utils
    from cn_clip.clip import tokenize as cn_tokenize

    if not args.checkpoint or not os.path.isfile(args.checkpoint):
        raise SystemExit("--family chinese-clip needs --checkpoint PATH (e.g. clip_cn_vit-b-16.pt)")
    with open(args.checkpoint, "rb") as f:
        checkpoint = torch.load(f, map_location="cpu")
    # As cn_clip/deploy/pytorch_to_onnx.py does: create_model with the arch's struct, then fp32 on the CPU.
    # (load_from_name looks the arch up by the name it is given, so a local checkpoint path would not resolve.)
    struct = cn_utils._MODEL_INFO[args.arch]["struct"]
    if struct != CHINESE_CLIP_ARCHS[args.arch]["struct"] or cn_utils._MODEL_INFO[args.arch]["input_resolution"] != spec["size"]:
        raise SystemExit(f"cn_clip's _MODEL_INFO for {args.arch} differs from this script's table; update CHINESE_CLIP_ARCHS")
    model = cn_utils.create_model(struct, checkpoint).float().eval()
    del checkpoint

    def image_fn(pixel_values):
        return model.encode_image(pixel_values)

    def text_fn(input_ids, attention_mask):
        # cn_clip's encode_text derives the mask from [PAD]; here it is an input, as in Xuntu's layout.
        x = model.bert(input_ids, attention_mask=attention_mask.to(model.dtype))[0]
        return x[:, 0, :] @ model.text_projection

    def tokenize(texts, ctx):
        ids = cn_tokenize(texts, context_length=ctx)
        return ids, (ids != BERT_IDS["padId"]).long()

    def reference_text(input_ids, attention_mask):
        # cn_clip's own path (mask from padding), to check the wrapper against upstream.
        return model.encode_text(input_ids)

    def write_vocab(out: Path):
        import cn_clip.clip as cn_clip_pkg

        candidates = [Path(cn_clip_pkg.__file__).parent / "vocab.txt"]
        tok = getattr(cn_clip_pkg, "_tokenizer", None)
        vocab = getattr(tok, "vocab", None)
        for c in candidates:
            if c.is_file():
                shutil.copyfile(c, out / "vocab.txt")
                return
        if vocab:  # fall back to the loaded tokenizer's vocabulary, in id order
            with open(out / "vocab.txt", "w", encoding="utf-8") as f:
                for token, _ in sorted(vocab.items(), key=lambda kv: kv[1]):
                    f.write(token + "\n")
            return
        raise SystemExit("cannot find cn_clip's vocab.txt")

    logit_scale = float(model.logit_scale.exp().item())
    return {
        "image": Fn(image_fn, model),
        "text": Fn(text_fn, model),
        "tokenize": tokenize,
        "reference_text": reference_text,
        "write_vocab": write_vocab,
        "logit_scale": logit_scale,
    }


def load_taiyi(args, spec):
    import torch
    from transformers import BertForSequenceClassification, BertTokenizer, CLIPModel, CLIPVisionModelWithProjection

    text_name, image_name = args.text or TAIYI_DEFAULT_TEXT, args.image or TAIYI_DEFAULT_IMAGE
    text_model = BertForSequenceClassification.from_pretrained(text_name).float().eval()
    tokenizer = BertTokenizer.from_pretrained(text_name)
    vision = CLIPVisionModelWithProjection.from_pretrained(image_name).float().eval()
    if text_model.config.num_labels != spec["dim"] or vision.config.projection_dim != spec["dim"]:
        raise SystemExit(f"expected {spec['dim']}-d towers, got text {text_model.config.num_labels}, "
                         f"image {vision.config.projection_dim}")
    # The trained temperature lives in the full CLIPModel checkpoint, not in the vision-only class.
    try:
        logit_scale = float(CLIPModel.from_pretrained(image_name).logit_scale.exp().item())
    except Exception as e:  # noqa: BLE001
        log(f"could not read logit_scale from {image_name} ({e}); using {NOMINAL_LOGIT_SCALE}")
        logit_scale = NOMINAL_LOGIT_SCALE

    def image_fn(pixel_values):
        return vision(pixel_values=pixel_values).image_embeds

    def text_fn(input_ids, attention_mask):
        # As the Taiyi model card: the sequence-classification logits (pooler -> classifier) are the text embedding.
        return text_model(input_ids=input_ids, attention_mask=attention_mask).logits

    def tokenize(texts, ctx):
        enc = tokenizer(texts, padding="max_length", truncation=True, max_length=ctx, return_tensors="pt")
        return enc["input_ids"], enc["attention_mask"]

    def write_vocab(out: Path):
        written = tokenizer.save_vocabulary(str(out))
        for w in written:
            if Path(w).name != "vocab.txt":
                os.replace(w, out / "vocab.txt")

    return {
        "image": Fn(image_fn, vision),
        "text": Fn(text_fn, text_model),
        "tokenize": tokenize,
        "reference_text": None,
        "write_vocab": write_vocab,
        "logit_scale": logit_scale,
    }


def load_hf_clip(args, spec):
    import torch
    from transformers import AutoModel, AutoTokenizer

    folder = Path(args.model)
    model = AutoModel.from_pretrained(str(folder)).float().eval()
    if not hasattr(model, "get_image_features") or not hasattr(model, "get_text_features"):
        raise SystemExit(f"{type(model).__name__} has no get_image_features / get_text_features")
    tokenizer = AutoTokenizer.from_pretrained(str(folder))

    def image_fn(pixel_values):
        return as_tensor(model.get_image_features(pixel_values=pixel_values), "image_embeds")

    def text_fn(input_ids, attention_mask):
        return as_tensor(model.get_text_features(input_ids=input_ids, attention_mask=attention_mask), "text_embeds")

    def tokenize(texts, ctx):
        enc = tokenizer(texts, padding="max_length", truncation=True, max_length=ctx, return_tensors="pt")
        return enc["input_ids"], enc["attention_mask"]

    def write_vocab(out: Path):
        for name in ("vocab.txt", "tokenizer.json"):
            if (folder / name).is_file():
                shutil.copyfile(folder / name, out / name)

    # The ids the manifest claims must be the ones the tokenizer uses.
    checks = {"padId": tokenizer.pad_token_id, "unkId": tokenizer.unk_token_id,
              "clsId": tokenizer.cls_token_id if tokenizer.cls_token_id is not None else tokenizer.bos_token_id,
              "sepId": tokenizer.sep_token_id if tokenizer.sep_token_id is not None else tokenizer.eos_token_id}
    for k, v in checks.items():
        if v is not None and v != spec["ids"][k]:
            log(f"warning: {k} from the tokenizer files is {spec['ids'][k]}, AutoTokenizer says {v}; using {v}")
            spec["ids"][k] = int(v)

    return {
        "image": Fn(image_fn, model),
        "text": Fn(text_fn, model),
        "tokenize": tokenize,
        "reference_text": None,
        "write_vocab": write_vocab,
        "logit_scale": float(model.logit_scale.exp().item()),
    }


# ----------------------------------------------------------------------------------------------------------------
# ONNX export, precision, verification
# ----------------------------------------------------------------------------------------------------------------


def torch_export(module, args_tuple, path: Path, input_names, output_name, opset):
    import inspect

    import torch

    kwargs = dict(
        input_names=list(input_names),
        output_names=[output_name],
        dynamic_axes={**{n: {0: "batch"} for n in input_names}, output_name: {0: "batch"}},
        opset_version=opset,
        do_constant_folding=True,
        export_params=True,
    )
    # torch >= 2.9 defaults to the dynamo exporter; the TorchScript one honours dynamic_axes as written.
    if "dynamo" in inspect.signature(torch.onnx.export).parameters:
        kwargs["dynamo"] = False
    with torch.no_grad():
        torch.onnx.export(module, args_tuple, str(path), **kwargs)


def save_onnx(model, path: Path) -> None:
    """Single file when it fits; else one external data file `<name>.data` beside it (Xuntu's importer copies the
    external files a graph names)."""
    import onnx

    data = path.with_name(path.name + ".data")
    if data.exists():
        data.unlink()
    if model.ByteSize() < EXTERNAL_DATA_THRESHOLD:
        onnx.save_model(model, str(path))
    else:
        onnx.save_model(model, str(path), save_as_external_data=True, all_tensors_to_one_file=True,
                        location=data.name, size_threshold=1024)


def convert_precision(src: Path, dest: Path, precision: str) -> None:
    import onnx

    model = onnx.load(str(src))  # loads external data too
    large = model.ByteSize() >= EXTERNAL_DATA_THRESHOLD
    if precision == "fp32":
        save_onnx(model, dest)
    elif precision == "fp16":
        from onnxconverter_common import float16

        # Shape inference goes through protobuf serialisation and fails over 2 GB.
        half = float16.convert_float_to_float16(model, keep_io_types=True, disable_shape_infer=large)
        save_onnx(half, dest)
    elif precision == "int8":
        from onnxruntime.quantization import QuantType, quantize_dynamic

        with tempfile.TemporaryDirectory() as tmp:
            staged = Path(tmp) / "fp32.onnx"
            save_onnx(model, staged)
            del model
            quantize_dynamic(
                model_input=str(staged),
                model_output=str(dest),
                weight_type=QuantType.QInt8,
                per_channel=True,
                op_types_to_quantize=["MatMul", "Gemm"],
                use_external_data_format=large,
            )
        if large:  # quantize_dynamic names its own external file; repack into <name>.data (int8 is < 2 GB anyway)
            save_onnx(onnx.load(str(dest)), dest)
    else:
        raise SystemExit(f"unknown precision {precision}")


def check_graph(path: Path, inputs: dict, output: str, dim: int) -> None:
    """The graph's interface is what the manifest says: names, dtypes, a symbolic batch dim, the embedding dim."""
    import onnx

    model = onnx.load(str(path), load_external_data=False)
    elem = {1: "float32", 7: "int64", 10: "float16"}
    got_in = {i.name: i for i in model.graph.input}
    for name, dtype in inputs.items():
        if name not in got_in:
            raise SystemExit(f"{path.name}: input {name} missing (has {list(got_in)})")
        t = got_in[name].type.tensor_type
        if elem.get(t.elem_type) != dtype:
            raise SystemExit(f"{path.name}: input {name} is {elem.get(t.elem_type, t.elem_type)}, expected {dtype}")
        if not t.shape.dim[0].dim_param:
            raise SystemExit(f"{path.name}: input {name} has a fixed batch dimension")
    outs = {o.name: o for o in model.graph.output}
    if output not in outs:
        raise SystemExit(f"{path.name}: output {output} missing (has {list(outs)})")
    t = outs[output].type.tensor_type
    if elem.get(t.elem_type) != "float32":
        raise SystemExit(f"{path.name}: output {output} is not float32")
    last = t.shape.dim[-1]
    if last.HasField("dim_value") and last.dim_value != dim:
        raise SystemExit(f"{path.name}: output dim {last.dim_value}, expected {dim}")


def verify(out: Path, towers, wrappers, spec, precision) -> None:
    import numpy as np
    import onnxruntime as ort
    import torch
    from PIL import Image

    image_tower, text_tower = wrappers
    rng = np.random.default_rng(0)
    # Three random images (batch 3 while the export traced batch 1: exercises the dynamic batch), preprocessed as
    # the manifest says.
    pixels = np.stack([preprocess(Image.fromarray(rng.integers(0, 256, (300, 400, 3), dtype=np.uint8)), spec)
                       for _ in range(3)]).astype(np.float32)
    texts = ["一只在草地上奔跑的小狗", "海边的日落"]
    ids, mask = towers["tokenize"](texts, spec["ctx"])
    ids, mask = ids.long(), mask.long()

    with torch.no_grad():
        ref_img = image_tower(torch.from_numpy(pixels)).numpy()
        ref_txt = text_tower(ids, mask).numpy()
        if towers.get("reference_text"):
            up = towers["reference_text"](ids, mask).float()
            up = (up / up.norm(dim=-1, keepdim=True)).numpy()
            d = float(np.abs(up - ref_txt).max())
            log(f"text wrapper vs cn_clip encode_text: max abs diff {d:.2e}")
            if d > 1e-4:
                raise SystemExit("the text wrapper disagrees with cn_clip's encode_text")

    so = ort.SessionOptions()
    img_sess = ort.InferenceSession(str(out / "image.onnx"), so, providers=["CPUExecutionProvider"])
    txt_sess = ort.InferenceSession(str(out / "text.onnx"), so, providers=["CPUExecutionProvider"])
    got_img = img_sess.run([TENSORS["image_output"]], {TENSORS["image_input"]: pixels})[0]
    got_txt = txt_sess.run([TENSORS["text_output"]],
                           {TENSORS["text_ids"]: ids.numpy(), TENSORS["text_mask"]: mask.numpy()})[0]

    ok = True
    for name, ref, got in (("image", ref_img, got_img), ("text", ref_txt, got_txt)):
        if got.shape != ref.shape or got.shape[-1] != spec["dim"]:
            raise SystemExit(f"{name}: onnx shape {got.shape}, torch {ref.shape}, expected [*, {spec['dim']}]")
        max_abs = float(np.abs(got - ref).max())
        cos = float(np.min(np.sum(got * ref, axis=-1) / (np.linalg.norm(got, axis=-1) * np.linalg.norm(ref, axis=-1))))
        norm_err = float(np.abs(np.linalg.norm(got, axis=-1) - 1).max())
        log(f"{name}: max abs diff {max_abs:.2e}, min cosine {cos:.6f}, max |norm-1| {norm_err:.2e}")
        if precision == "fp32":
            ok &= max_abs <= FP32_MAX_ABS
        else:
            ok &= cos >= MIN_COSINE[precision]
        ok &= norm_err < 1e-3
    sims = got_img @ got_txt.T
    log(f"image x text cosine (random images, so near zero and similar): {np.round(sims, 4).tolist()}")
    if not ok:
        raise SystemExit(f"verification failed (fp32: max abs diff <= {FP32_MAX_ABS}; fp16/int8: min cosine "
                         f">= {MIN_COSINE}; all: unit norm)")
    log("verification passed")


def preprocess(img, spec):
    """The manifest's preprocessing, in PIL: direct resize, or resize the short side then centre-crop."""
    import numpy as np
    from PIL import Image

    size = spec["size"]
    resample = Image.BICUBIC if spec["interpolation"] == "bicubic" else Image.BILINEAR
    img = img.convert("RGB")
    if spec["resize"] == "direct":
        img = img.resize((size, size), resample)
    else:
        w, h = img.size
        scale = size / min(w, h)
        nw, nh = max(size, round(w * scale)), max(size, round(h * scale))
        img = img.resize((nw, nh), resample)
        left, top = (nw - size) // 2, (nh - size) // 2
        img = img.crop((left, top, left + size, top + size))
    x = np.asarray(img, dtype=np.float32) / 255.0
    x = (x - np.array(spec["mean"], dtype=np.float32)) / np.array(spec["std"], dtype=np.float32)
    return x.transpose(2, 0, 1)


# ----------------------------------------------------------------------------------------------------------------
# Main
# ----------------------------------------------------------------------------------------------------------------


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description="Convert Chinese CLIP checkpoints into Xuntu's model layout "
                                            "(manifest.json + image.onnx + text.onnx + vocab).")
    p.add_argument("--family", required=True, choices=["chinese-clip", "taiyi", "hf-clip"])
    p.add_argument("--arch", choices=list(CHINESE_CLIP_ARCHS), help="chinese-clip: the checkpoint's architecture")
    p.add_argument("--checkpoint", help="chinese-clip: the cn_clip .pt checkpoint")
    p.add_argument("--text", help=f"taiyi: text tower (hub id or folder; default {TAIYI_DEFAULT_TEXT})")
    p.add_argument("--image", help=f"taiyi: image tower (hub id or folder; default {TAIYI_DEFAULT_IMAGE})")
    p.add_argument("--model", help="hf-clip: a Hugging Face ChineseCLIPModel / CLIPModel folder")
    p.add_argument("--out", required=True, help="output folder (created)")
    p.add_argument("--precision", default="fp32", choices=["fp32", "fp16", "int8"])
    p.add_argument("--context-length", type=int, default=None,
                   help=f"text length (default {DEFAULT_CONTEXT_LENGTH}; CLIPModel: its max_position_embeddings)")
    p.add_argument("--opset", type=int, default=OPSET)
    p.add_argument("--id", help="manifest id (default <family>-<arch>-<precision>)")
    p.add_argument("--display-name", help="manifest displayName")
    p.add_argument("--license", help="manifest license (required in spirit for hf-clip: read the model card)")
    p.add_argument("--verify", action="store_true",
                   help="compare onnxruntime with torch on random images and two texts; fail beyond tolerance")
    p.add_argument("--dry-run", action="store_true", help="write only manifest.json; needs no torch")
    args = p.parse_args(argv)
    if args.family == "chinese-clip" and not args.arch:
        p.error("--family chinese-clip needs --arch")
    if args.context_length is not None and args.context_length < 2:
        p.error("--context-length must be at least 2")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    out = Path(args.out)
    spec = build_spec(args)

    if args.dry_run:
        notes = [f"Dry run: logitScale is the nominal {NOMINAL_LOGIT_SCALE:g}, not read from the weights; "
                 "no graphs were written."]
        path = write_manifest(out, make_manifest(spec, args, NOMINAL_LOGIT_SCALE, notes))
        log(f"wrote {path}")
        return 0

    import torch

    torch.set_grad_enabled(False)
    loader = {"chinese-clip": load_chinese_clip, "taiyi": load_taiyi, "hf-clip": load_hf_clip}[args.family]
    log(f"loading {args.family} weights")
    towers = loader(args, spec)
    image_tower, text_tower = make_wrappers(towers["image"], towers["text"])

    out.mkdir(parents=True, exist_ok=True)
    size, ctx = spec["size"], spec["ctx"]
    dummy_pixels = torch.zeros(1, 3, size, size, dtype=torch.float32)
    dummy_ids, dummy_mask = towers["tokenize"](["一张照片"], ctx)
    dummy_ids, dummy_mask = dummy_ids.long(), dummy_mask.long()
    with torch.no_grad():
        for name, t in (("image", image_tower(dummy_pixels)), ("text", text_tower(dummy_ids, dummy_mask))):
            if t.shape[-1] != spec["dim"]:
                raise SystemExit(f"{name} tower gives {t.shape[-1]}-d embeddings, expected {spec['dim']}")

    with tempfile.TemporaryDirectory(dir=out) as tmp:
        tmp = Path(tmp)
        log(f"exporting image tower ({size}x{size}, opset {args.opset})")
        torch_export(image_tower, (dummy_pixels,), tmp / "image.onnx", [TENSORS["image_input"]],
                     TENSORS["image_output"], args.opset)
        log(f"exporting text tower (context {ctx})")
        torch_export(text_tower, (dummy_ids, dummy_mask), tmp / "text.onnx",
                     [TENSORS["text_ids"], TENSORS["text_mask"]], TENSORS["text_output"], args.opset)
        for name in ("image", "text"):
            log(f"writing {name}.onnx ({args.precision})")
            convert_precision(tmp / f"{name}.onnx", out / f"{name}.onnx", args.precision)

    check_graph(out / "image.onnx", {TENSORS["image_input"]: "float32"}, TENSORS["image_output"], spec["dim"])
    check_graph(out / "text.onnx", {TENSORS["text_ids"]: "int64", TENSORS["text_mask"]: "int64"},
                TENSORS["text_output"], spec["dim"])
    towers["write_vocab"](out)

    notes = []
    if args.family == "taiyi":
        notes.append("Text embeddings are BertForSequenceClassification logits as on the Taiyi model card, but with "
                     "the attention mask applied (the card's example omits it).")
    manifest = make_manifest(spec, args, towers["logit_scale"], notes)
    for key in ("vocab", "tokenizerJson"):
        if key in manifest["files"] and not (out / manifest["files"][key]).is_file():
            raise SystemExit(f"{manifest['files'][key]} was not written")
    path = write_manifest(out, manifest)
    log(f"wrote {path} (logitScale {manifest['logitScale']})")

    if args.verify:
        verify(out, towers, (image_tower, text_tower), spec, args.precision)
    return 0


if __name__ == "__main__":
    sys.exit(main())
