/**
 * A label set as the user writes it (in a YAML/JSON file or the label-set editor) and as the library stores it.
 * Every module of tagging speaks these types; the file format lives in label-set-file.ts, the validation every
 * source goes through in label-set-schema.ts.
 */

export interface LabelDefinition {
  /** The Chinese display name, also the first phrasing the text tower sees (「猫」). */
  name: string;
  /** Other ways to say it (「猫咪」「小猫」); each is prompt-ensembled like the name and averaged with it. */
  phrasings: string[];
  /** Things the label must not be confused with (「猫头鹰」 for 「猫」): a photo closer to one of these is not tagged. */
  exclusions: string[];
  /** Cosine similarity a photo needs to get this label; null = the model's default. In [-1, 1]. */
  threshold: number | null;
}

export interface LabelSetDefinition {
  name: string;
  description: string | null;
  /** Exactly one label per photo (室内/室外): scored with a softmax over the set instead of per-label thresholds. */
  exclusive: boolean;
  labels: LabelDefinition[];
}

export interface StoredLabel extends LabelDefinition {
  id: number;
  setId: number;
  position: number;
}

export interface StoredLabelSet extends Omit<LabelSetDefinition, 'labels'> {
  id: number;
  builtin: boolean;
  /** Bumped on every edit; auto tags record the version they were computed against. */
  version: number;
  labels: StoredLabel[];
}
