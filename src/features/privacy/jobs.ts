/** `privacy.retention`, daily at 03:00: anonymises what is past its SWV's retention period and
 * deletes old audit and outbox rows (retention.ts). Leased per day through JobRun like every job. */
import type { Job } from "../../jobs/scheduler.ts";
import type { JobDeps } from "../jobs.ts";
import { runRetention } from "./retention.ts";

export function privacyJobs(deps: JobDeps): Job[] {
  return [
    {
      name: "privacy.retention",
      cron: "0 3 * * *",
      run: async ({ now }) => {
        const report = await runRetention(deps.db, { now, timeZone: deps.timezone, dryRun: false });
        // Counts only: never a reference or an id in the log.
        for (const s of report.swvs)
          deps.logger.info(
            {
              swv: s.code,
              cases: s.cases.count,
              signals: s.signals.count,
              thuiszitters: s.thuiszitters.count,
              auditEntries: s.auditEntries.count,
            },
            "retention ran",
          );
      },
    },
  ];
}
