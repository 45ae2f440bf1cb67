import type { onnx } from 'onnx-proto';
import { subgraphsOf } from './onnx-model-file.js';

/**
 * Names a node reads from the enclosing graph through its subgraphs (an If branch may use an outer initializer
 * without listing it as a node input): everything a subgraph's nodes read that the subgraph does not define itself.
 */
function outerScopeReads(node: onnx.INodeProto): string[] {
  const reads: string[] = [];
  for (const graph of subgraphsOf(node)) {
    const local = new Set<string>();
    for (const v of graph.input ?? []) local.add(v.name ?? '');
    for (const t of graph.initializer ?? []) local.add(t.name ?? '');
    for (const n of graph.node ?? []) for (const o of n.output ?? []) local.add(o);
    for (const n of graph.node ?? []) {
      for (const name of [...(n.input ?? []), ...outerScopeReads(n)]) if (name && !local.has(name)) reads.push(name);
    }
  }
  return reads;
}

/**
 * The part of `graph` that computes `outputs`: the nodes those outputs transitively depend on (walking producers
 * backwards from each output, subgraph reads included), in their original, topological order, and only the inputs,
 * initializers and value_info entries they use. Linear in the graph's size: one map from value name to producer,
 * one visit per value. Tensors are shared with `graph`, not copied.
 */
export function extractSubgraph(graph: onnx.IGraphProto, outputs: readonly string[]): onnx.IGraphProto {
  const declared = new Map((graph.output ?? []).map((v) => [v.name ?? '', v]));
  const missing = outputs.filter((name) => !declared.has(name));
  if (missing.length) throw new Error(`the graph has no output ${missing.join(', ')}`);

  const nodes = graph.node ?? [];
  const producer = new Map<string, number>();
  nodes.forEach((node, i) => node.output?.forEach((name) => name && producer.set(name, i)));

  const needed = new Set<string>();
  const keep = new Uint8Array(nodes.length);
  const pending = [...outputs];
  while (pending.length) {
    const name = pending.pop()!;
    // '' marks an omitted optional input.
    if (!name || needed.has(name)) continue;
    needed.add(name);
    const i = producer.get(name);
    if (i === undefined || keep[i]) continue;
    keep[i] = 1;
    const node = nodes[i]!;
    pending.push(...(node.input ?? []), ...outerScopeReads(node));
  }

  const uses = <T>(name: (item: T) => string | null | undefined) => (item: T) => needed.has(name(item) ?? '');
  return {
    ...graph,
    node: nodes.filter((_, i) => keep[i]),
    input: (graph.input ?? []).filter(uses((v) => v.name)),
    output: outputs.map((name) => declared.get(name)!),
    initializer: (graph.initializer ?? []).filter(uses((t) => t.name)),
    sparseInitializer: (graph.sparseInitializer ?? []).filter(uses((t) => t.values?.name)),
    valueInfo: (graph.valueInfo ?? []).filter(uses((v) => v.name)),
    quantizationAnnotation: (graph.quantizationAnnotation ?? []).filter(uses((a) => a.tensorName)),
  };
}
