import os from 'node:os';
import ort from 'onnxruntime-node';

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  platform: string;
  node: string;
  onnxruntime: string;
  loadAverage1m: number;
}

export function describeMachine(): MachineInfo {
  return {
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    platform: `${process.platform}-${process.arch}`,
    node: process.version,
    onnxruntime: ort.env.versions.node ?? ort.env.versions.common,
    // Timings mean little if something else was busy. The benches themselves load about every CPU, so a load
    // average well above the CPU count means others were running too.
    loadAverage1m: os.loadavg()[0]!,
  };
}
