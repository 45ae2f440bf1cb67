import { checkLibrary } from '../../doctor/check-library.js';
import type { RepairableCode, UnrepairableCode } from '../../doctor/check.js';
import { resolveModelsDir } from '../../models/model-store.js';
import type { CliContext } from '../cli-context.js';
import { displayPath } from '../display-path.js';
import { ExitCode } from '../exit-codes.js';

/** `xuntu doctor [--repair]`: exit 0 when nothing is left to fix, 3 when something is (reported with what to do). */
export async function doctorCommand(ctx: CliContext, opts: { repair?: boolean; json?: boolean; modelsDir?: string }): Promise<number> {
  const library = ctx.openLibrary();
  try {
    const report = await checkLibrary(library, { repair: opts.repair === true, modelsDir: resolveModelsDir(opts.modelsDir, ctx.env) });
    if (opts.json) ctx.printJson(report);
    else {
      const { msg } = ctx;
      if (report.findings.length === 0) ctx.print(msg.doctorHealthy);
      for (const f of report.findings) {
        const outcome = f.repaired
          ? msg.doctorRepaired[f.code as RepairableCode]
          : f.repairable
            ? msg.doctorRunRepair
            : msg.doctorAdvice[f.code as UnrepairableCode];
        ctx.print(`[${f.code}] ${msg.doctorFinding[f.code](f.count)}`);
        for (const example of f.examples) ctx.print(`    ${displayPath(example)}`);
        if (f.count > f.examples.length) ctx.print(`    ${msg.doctorMore(f.count - f.examples.length)}`);
        ctx.print(`  → ${outcome}`);
      }
    }
    return report.healthy ? ExitCode.OK : ExitCode.PARTIAL;
  } finally {
    library.close();
  }
}
