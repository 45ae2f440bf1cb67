import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { XuntuError, errorMessage } from '../errors.js';
import { modelManifestSchema, type ModelManifest } from './model-manifest.js';

export const MANIFEST_FILE = 'manifest.json';

/** A model folder's manifest.json, validated; MODEL_NOT_FOUND when there is none. */
export async function readModelManifest(dir: string): Promise<ModelManifest> {
  const file = path.join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    throw new XuntuError('MODEL_NOT_FOUND', `no model at ${dir}: cannot read ${MANIFEST_FILE} (${errorMessage(err)})`, { cause: err });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new XuntuError('MODEL_MANIFEST_INVALID', `${file} is not valid JSON: ${errorMessage(err)}`, { cause: err });
  }
  const parsed = modelManifestSchema.safeParse(json);
  if (!parsed.success) throw new XuntuError('MODEL_MANIFEST_INVALID', `${file} is not a valid model manifest:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
