/**
 * The Chinese prompt templates a label is ensembled over, `{}` standing for one phrasing of the label.
 *
 * Taken from Chinese-CLIP's own zero-shot templates (openai_imagenet_template in
 * cn_clip/eval/imagenet_zeroshot_templates.py, OpenAI's ImageNet templates as translated for Wukong). Of its 80 we
 * keep the ones that describe a photograph someone took, and drop those about sculptures, tattoos, origami, video
 * games, toys and renderings, which would pull a label towards things a personal library rarely holds, and
 * 「{}的黑白照片。」, which would make every label a little more "black and white". The blurry and dark variants
 * stay: phone photos often are.
 *
 * Changing this list changes every prototype; cached prompt embeddings stay valid (they are keyed by prompt text).
 */
export const PROMPT_TEMPLATES: readonly string[] = [
  '{}的照片。',
  '一张{}的照片。',
  '一张包含{}的照片。',
  '一张关于{}的照片。',
  '我的{}的照片。',
  '{}的特写照片。',
  '拍了{}的照片。',
  '{}的模糊照片。',
  '一张{}的深色照片。',
];

/** Every prompt for one phrasing, in template order. */
export function promptsFor(phrase: string): string[] {
  return PROMPT_TEMPLATES.map((template) => template.replace('{}', phrase));
}
