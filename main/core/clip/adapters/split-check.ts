import type ort from 'onnxruntime-node';
import { XuntuError, errorMessage } from '../../errors.js';
import { corruptModelError } from '../onnx-model-file.js';
import { openSession } from '../ort-session.js';
import { TowerIo, type TowerName } from '../tower-io.js';

export interface SplitTower {
  file: string;
  /** The combined graph's output this tower was split to compute. */
  output: string;
}

export interface CheckedTower {
  io: TowerIo;
  /** Shape of the tower's output for the sample. */
  dims: readonly number[];
}

function maxAbsDiff(a: ort.Tensor, b: ort.Tensor): number {
  const x = a.data as Float32Array;
  const y = b.data as Float32Array;
  let max = 0;
  for (let i = 0; i < x.length; i++) max = Math.max(max, Math.abs(x[i]! - y[i]!));
  return Number.isNaN(max) ? Infinity : max;
}

/**
 * Proves a split right before anything is built on it: runs the combined graph once on a sample (one image and
 * one text; `sampleFeeds` builds it from the combined graph's inputs), then each split tower on the same inputs,
 * and requires the same output shape and values within `tolerance`. Sessions are opened one at a time so a large
 * model is in memory once. A split tower that fails to load or run is a splitter bug too: the combined graph ran.
 */
export async function checkSplit(
  combinedFile: string,
  towers: Record<TowerName, SplitTower>,
  sampleFeeds: (combined: TowerIo) => Promise<Record<string, ort.Tensor>>,
  tolerance: number,
): Promise<Record<TowerName, CheckedTower>> {
  const { session: combined } = await openSession(combinedFile);
  let feeds: Record<string, ort.Tensor>;
  let expected: ort.InferenceSession.ReturnType;
  try {
    feeds = await sampleFeeds(new TowerIo(combined, combinedFile));
    expected = await combined.run(feeds, [towers.image.output, towers.text.output]).catch((err: unknown) => {
      throw corruptModelError(combinedFile, `fails to run (${errorMessage(err)})`, err);
    });
  } finally {
    await combined.release();
  }

  const check = async (name: TowerName): Promise<CheckedTower> => {
    const { file, output } = towers[name];
    const mismatch = (problem: string, cause?: unknown) =>
      new XuntuError('MODEL_SPLIT_MISMATCH', `the ${name} tower split out of ${combinedFile} ${problem}; this is a bug in Xuntu's model splitter, not in the model`, { cause });
    const { session } = await openSession(file).catch((err: unknown) => {
      throw mismatch(`does not load (${errorMessage(err)})`, err);
    });
    try {
      const ownFeeds = Object.fromEntries(session.inputNames.map((n) => [n, feeds[n]!]));
      const actual = (await session.run(ownFeeds).catch((err: unknown) => {
        throw mismatch(`fails to run (${errorMessage(err)})`, err);
      }))[output];
      const want = expected[output]!;
      if (!actual || actual.dims.join() !== want.dims.join()) throw mismatch(`returns ${output} shaped [${actual?.dims.join(', ')}], not [${want.dims.join(', ')}]`);
      const diff = maxAbsDiff(actual, want);
      if (!(diff <= tolerance)) throw mismatch(`differs from the combined graph by up to ${diff} (allowed ${tolerance})`);
      return { io: new TowerIo(session, file), dims: actual.dims };
    } finally {
      await session.release();
    }
  };
  return { image: await check('image'), text: await check('text') };
}
