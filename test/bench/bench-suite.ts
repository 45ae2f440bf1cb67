/** One measured number. A figure with a target passes or fails; one without is context (sizes, sub-timings). */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  target?: { op: '<=' | '>='; value: number };
}

export interface BenchSuite {
  name: string;
  /** Whether it drives the compiled CLI, so the runner must build out/ first. */
  needsBuild: boolean;
  run(): Promise<Figure[]>;
}

export function passes(figure: Figure): boolean | null {
  if (!figure.target) return null;
  return figure.target.op === '<=' ? figure.value <= figure.target.value : figure.value >= figure.target.value;
}
