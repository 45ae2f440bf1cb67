/**
 * What every published Chinese-CLIP checkpoint shares, for the formats that do not write it down (the OFA-Sys ONNX
 * export ships only the two graphs).
 */
export const CHINESE_CLIP = {
  /** OpenAI CLIP's normalisation, reused unchanged: cn_clip/clip/utils.py image_transform. */
  imageMean: [0.48145466, 0.4578275, 0.40821073],
  imageStd: [0.26862954, 0.26130258, 0.27577711],
  /** Direct bicubic resize to a square, no crop: cn_clip/clip/utils.py image_transform (ViT-L-14-336 uses 336). */
  imageSize: 224,
  /** cn_clip/clip/utils.py tokenize: "all baseline models use 52 as the context length". */
  contextLength: 52,
  /** [PAD], [UNK], [CLS], [SEP] in the RoBERTa-wwm-ext vocab.txt. */
  padId: 0,
  unkId: 100,
  clsId: 101,
  sepId: 102,
  /** Trained CLIP temperatures end at the clamp, exp(4.6052) = 100. */
  logitScale: 100,
} as const;
