import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ort from 'onnxruntime-node';
import onnxProto, { type onnx } from 'onnx-proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSplit } from '../../../main/core/clip/adapters/split-check.js';
import { extractSubgraph } from '../../../main/core/clip/onnx-subgraph.js';
import { writeHfExport } from '../../fixtures/colour-clip/write-hf-export.js';

const proto = onnxProto.onnx;
const SIZE = 224;
const L = 52;

describe('checkSplit', () => {
  let dir: string;
  let combinedFile: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xuntu-split-check-'));
    // Any six ids will do for the colour tokens: the check compares graphs, not meanings.
    combinedFile = writeHfExport(dir, [11, 12, 13, 14, 15, 16]).model;
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  /**
   * Writes one tower split out of the combined graph, after `edit` has had its way with the graph. The combined
   * model is decoded afresh each time because the split shares its nodes, which `edit` may change.
   */
  function writeTower(name: string, output: string, edit: (graph: onnx.IGraphProto) => void = () => {}): string {
    const combined = proto.ModelProto.decode(fs.readFileSync(combinedFile));
    const graph = extractSubgraph(combined.graph!, [output]);
    edit(graph);
    const file = path.join(dir, `${name}.onnx`);
    fs.writeFileSync(file, proto.ModelProto.encode({ ...combined, graph }).finish());
    return file;
  }

  const sampleFeeds = async () => {
    const ids = new BigInt64Array(L);
    const mask = new BigInt64Array(L);
    [101, 13, 500, 102].forEach((id, i) => ((ids[i] = BigInt(id)), (mask[i] = 1n)));
    const pixels = Float32Array.from({ length: 3 * SIZE * SIZE }, (_, i) => Math.sin(i) * 1.5);
    return {
      pixel_values: new ort.Tensor('float32', pixels, [1, 3, SIZE, SIZE]),
      input_ids: new ort.Tensor('int64', ids, [1, L]),
      attention_mask: new ort.Tensor('int64', mask, [1, L]),
    };
  };
  const check = (imageFile: string, textFile = writeTower('text', 'text_embeds')) =>
    checkSplit(combinedFile, { image: { file: imageFile, output: 'image_embeds' }, text: { file: textFile, output: 'text_embeds' } }, sampleFeeds, 1e-5);

  it('accepts a faithful split and reports each tower’s inputs and output shape', async () => {
    const result = await check(writeTower('image', 'image_embeds'));
    expect(result.image.dims).toEqual([1, 512]);
    expect(result.image.io.inputs.map((v) => v.name)).toEqual(['pixel_values']);
    expect(result.text.io.inputs.map((v) => v.name)).toEqual(['input_ids', 'attention_mask']);
  });

  it('catches a split that computes something else (the final normalisation swapped for Identity)', async () => {
    const broken = writeTower('image-unnormalised', 'image_embeds', (graph) => {
      const node = graph.node!.find((n) => n.output?.includes('image_embeds'))!;
      expect(node.opType).toBe('LpNormalization');
      node.opType = 'Identity';
      node.attribute = [];
    });
    await expect(check(broken)).rejects.toMatchObject({ code: 'MODEL_SPLIT_MISMATCH', message: expect.stringMatching(/image tower .* differs from the combined graph/) });
  });

  it('catches a split that lost a node, which no longer loads', async () => {
    const broken = writeTower('image-missing-node', 'image_embeds', (graph) => {
      graph.node = graph.node!.filter((n) => n.opType !== 'Softmax');
    });
    await expect(check(broken)).rejects.toMatchObject({ code: 'MODEL_SPLIT_MISMATCH', message: expect.stringMatching(/image tower .* does not load/) });
  });

  it('catches a text tower that returns the wrong shape', async () => {
    const transposed = writeTower('text-transposed', 'text_embeds', (graph) => {
      const node = graph.node!.find((n) => n.output?.includes('text_embeds'))!;
      node.output = ['text_embeds_rows'];
      graph.node!.push({ opType: 'Transpose', input: ['text_embeds_rows'], output: ['text_embeds'], attribute: [] });
      graph.output = [{ name: 'text_embeds' }];
    });
    await expect(check(writeTower('image', 'image_embeds'), transposed)).rejects.toMatchObject({ code: 'MODEL_SPLIT_MISMATCH', message: expect.stringMatching(/text tower .* shaped \[512, 1\]/) });
  });
});
