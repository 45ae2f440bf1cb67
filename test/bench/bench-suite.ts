/** One measured number. A figure with a target passes or fails; one without is context (sizes, sub-timings). */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  target?: { op: '<=' | '>='; value: number };
  /** The most the machine allows for this figure, measured in the same run (a bandwidth floor, a MatMul rate). */
  ceiling?: { value: number; what: string };
  /** Why the figure is what it is, from other figures the suite measured: the report prints it beside a miss. */
  note?: string;
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
