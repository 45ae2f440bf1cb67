import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import ort from 'onnxruntime-node';
import { XuntuError, errorMessage } from '../errors.js';
import { corruptModelError } from './onnx-model-file.js';

export type ExecutionProviderName = 'cuda' | 'dml' | 'coreml' | 'webgpu' | 'cpu';

/** The providers worth trying on each platform, best first; CPU always works. */
export function defaultProviders(platform: NodeJS.Platform = process.platform): ExecutionProviderName[] {
  if (platform === 'darwin') return ['coreml', 'cpu'];
  if (platform === 'win32') return ['cuda', 'dml', 'cpu'];
  if (platform === 'linux') return ['cuda', 'cpu'];
  return ['cpu'];
}

export interface SessionThreads {
  intraOpThreads?: number;
  interOpThreads?: number;
}

export interface OpenedSession {
  session: ort.InferenceSession;
  /** The provider the session runs on (nodes it cannot run fall back to CPU inside ONNX Runtime). */
  provider: ExecutionProviderName;
  /** Why preferred providers were passed over, e.g. "cuda: Failed to load shared library"; absent if none was. */
  fallbackReason?: string;
}

function sessionOptions(provider: ExecutionProviderName, threads: SessionThreads): ort.InferenceSession.SessionOptions {
  return {
    // With CPU after it, ONNX Runtime places the nodes the preferred provider cannot run on the CPU.
    executionProviders: provider === 'cpu' ? ['cpu'] : [provider, 'cpu'],
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
    enableCpuMemArena: true,
    // Idle intra-op threads would otherwise spin for a while after each run, burning the cores that libvips needs
    // to decode the next photos while indexing (measured on 2 cores with test/bench/embedding-pipeline.bench.ts).
    extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
    ...(threads.intraOpThreads ? { intraOpNumThreads: threads.intraOpThreads } : {}),
    ...(threads.interOpThreads ? { interOpNumThreads: threads.interOpThreads } : {}),
  };
}

/**
 * Opens a model on the first of `providers` that accepts it, then on the CPU. Creating a session with an execution
 * provider whose libraries are absent (CUDA without the cuda12 build installed, DirectML off Windows) throws rather
 * than falling back, so each provider is tried in its own attempt, and the reasons are kept for the UI to show.
 * Providers this onnxruntime-node build does not have at all (listSupportedBackends), or whose separately
 * downloaded libraries are absent (CUDA before `npm run gpu:cuda`), are skipped without an attempt, which would
 * only make ONNX Runtime print a load error on every start.
 *
 * `reportAs` names the file in errors when `file` is a copy of it (an import names the user's original).
 */
export async function openSession(
  file: string,
  providers: readonly ExecutionProviderName[] = ['cpu'],
  threads: SessionThreads = {},
  reportAs = file,
): Promise<OpenedSession> {
  try {
    await fs.access(file);
  } catch (err) {
    throw new XuntuError('MODEL_NOT_FOUND', `the model file ${file} does not exist`, { cause: err });
  }
  const built = new Set(ort.listSupportedBackends().filter(isInstalled).map((b) => b.name));
  const reasons: string[] = [];
  for (const provider of new Set(providers)) {
    if (provider === 'cpu') continue;
    if (!built.has(provider)) {
      reasons.push(`${provider}: not available in onnxruntime-node on ${process.platform}-${process.arch}`);
      continue;
    }
    try {
      const session = await ort.InferenceSession.create(file, sessionOptions(provider, threads));
      return { session, provider, ...(reasons.length ? { fallbackReason: reasons.join('; ') } : {}) };
    } catch (err) {
      reasons.push(`${provider}: ${errorMessage(err)}`);
    }
  }
  try {
    const session = await ort.InferenceSession.create(file, sessionOptions('cpu', threads));
    return { session, provider: 'cpu', ...(reasons.length ? { fallbackReason: reasons.join('; ') } : {}) };
  } catch (err) {
    throw corruptModelError(reportAs, `could not be loaded by ONNX Runtime (${errorMessage(err)})`, err);
  }
}

/** A backend's libraries are present: bundled in the npm package, or its provider library installed beside it. */
function isInstalled(backend: { name: string; bundled: boolean }): boolean {
  if (backend.bundled) return true;
  const packageDir = path.resolve(path.dirname(createRequire(import.meta.url).resolve('onnxruntime-node')), '..');
  const binDir = path.join(packageDir, 'bin', 'napi-v6', process.platform, process.arch);
  const ext = process.platform === 'win32' ? '.dll' : process.platform === 'darwin' ? '.dylib' : '.so';
  const prefix = process.platform === 'win32' ? '' : 'lib';
  return existsSync(path.join(binDir, `${prefix}onnxruntime_providers_${backend.name}${ext}`));
}
