import ort from 'onnxruntime-node';
import onnxProto, { type onnx } from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { extractSubgraph } from '../../../main/core/clip/onnx-subgraph.js';
import { GraphBuilder } from '../../fixtures/onnx/onnx-builder.js';

const proto = onnxProto.onnx;
const names = (items: readonly { name?: string | null }[] | null | undefined) => (items ?? []).map((i) => i.name);

/**
 * Two independent heads over two inputs, like a combined CLIP graph: y = (a + w) · 2 reads only `a`; z = b · v
 * reads only `b`. A shared node (s = a + b) feeds a third output, so both inputs are reachable from it.
 */
function twoHeads(): onnx.ModelProto {
  const g = new GraphBuilder('two_heads');
  const a = g.input('a', 'float32', ['n', 2]);
  const b = g.input('b', 'float32', ['n', 2]);
  g.output('y', 'float32', ['n', 2], g.op('Mul', [g.op('Add', [a, g.f32('w', [1, 2])]), g.f32('two', [2], [])]));
  g.output('z', 'float32', ['n', 2], g.op('Mul', [b, g.f32('v', [3, 4])]));
  g.output('s', 'float32', ['n', 2], g.op('Add', [a, b]));
  return g.model({ producer: 'test' });
}

async function run(model: onnx.IModelProto, feeds: Record<string, number[]>): Promise<Record<string, number[]>> {
  const session = await ort.InferenceSession.create(proto.ModelProto.encode(model).finish());
  const tensors = Object.fromEntries(Object.entries(feeds).map(([k, v]) => [k, new ort.Tensor('float32', Float32Array.from(v), [1, v.length])]));
  const out = await session.run(tensors);
  await session.release();
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, Array.from(v.data as Float32Array)]));
}

describe('extractSubgraph', () => {
  it("keeps exactly the nodes, inputs and initializers one output depends on, in the original order", async () => {
    const model = twoHeads();
    const graph = extractSubgraph(model.graph!, ['y']);
    expect(graph.node!.map((n) => n.opType)).toEqual(['Add', 'Mul', 'Identity']);
    expect(names(graph.input)).toEqual(['a']);
    expect(names(graph.output)).toEqual(['y']);
    expect(names(graph.initializer)).toEqual(['w', 'two']);
    // The source graph is untouched and the tensors are shared, not copied.
    expect(model.graph!.node).toHaveLength(7);
    expect(graph.initializer![0]).toBe(model.graph!.initializer![0]);
    expect(await run({ ...model, graph }, { a: [1, 2] })).toEqual({ y: [4, 8] });
  });

  it('keeps every input a shared output reads, and several outputs at once', async () => {
    const model = twoHeads();
    const graph = extractSubgraph(model.graph!, ['z', 's']);
    expect(names(graph.input)).toEqual(['a', 'b']);
    expect(names(graph.initializer)).toEqual(['v']);
    expect(await run({ ...model, graph }, { a: [1, 2], b: [10, 20] })).toEqual({ z: [30, 80], s: [11, 22] });
  });

  it('keeps what an If branch reads from the enclosing graph without naming it as a node input', async () => {
    const g = new GraphBuilder('branches');
    const x = g.input('x', 'float32', [2]);
    const positive = g.op('Greater', [g.op('ReduceSum', [x], { keepdims: 0 }), g.f32('zero', [0], [])]);
    const w = g.f32('w', [100, 200]);
    g.output('other', 'float32', [2], g.op('Mul', [x, g.f32('unused', [5, 5])]));
    const model = g.model({ producer: 'test' });
    const branch = (opType: string): onnx.IGraphProto => ({
      name: opType,
      node: [{ opType, input: [x, w], output: [`${opType}_out`] }],
      output: [{ name: `${opType}_out`, type: { tensorType: { elemType: proto.TensorProto.DataType.FLOAT, shape: { dim: [{ dimValue: 2 }] } } } }],
    });
    const GRAPH = proto.AttributeProto.AttributeType.GRAPH;
    model.graph!.node!.push({
      opType: 'If',
      name: 'if',
      input: [positive],
      output: ['y'],
      attribute: [
        { name: 'then_branch', type: GRAPH, g: branch('Add') },
        { name: 'else_branch', type: GRAPH, g: branch('Sub') },
      ],
    });
    model.graph!.output!.push({ name: 'y', type: { tensorType: { elemType: proto.TensorProto.DataType.FLOAT, shape: { dim: [{ dimValue: 2 }] } } } });

    const graph = extractSubgraph(model.graph!, ['y']);
    expect(names(graph.initializer).sort()).toEqual(['w', 'zero']);
    expect(graph.node!.map((n) => n.opType)).toEqual(['ReduceSum', 'Greater', 'If']);
    const session = await ort.InferenceSession.create(proto.ModelProto.encode({ ...model, graph }).finish());
    const y = async (v: number[]) => Array.from((await session.run({ x: new ort.Tensor('float32', Float32Array.from(v), [2]) })).y!.data as Float32Array);
    expect(await y([1, 2])).toEqual([101, 202]);
    expect(await y([-1, -2])).toEqual([-101, -202]);
    await session.release();
  });

  it('refuses an output the graph does not declare', () => {
    expect(() => extractSubgraph(twoHeads().graph!, ['image_embeds'])).toThrow(/no output image_embeds/);
  });

  it('is linear in the graph size: a 100,000-node chain splits in well under a second', () => {
    const g = new GraphBuilder('chain');
    let x = g.input('x', 'float32', [1]);
    for (let i = 0; i < 100_000; i++) x = g.op('Neg', [x]);
    g.output('y', 'float32', [1], x);
    const started = performance.now();
    expect(extractSubgraph(g.model({ producer: 'test' }).graph!, ['y']).node).toHaveLength(100_001);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
