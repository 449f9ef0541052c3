import type { Job } from "../../jobs/scheduler.ts";
import type { JobDeps } from "../jobs.ts";

// TODO(issue 3): the cases feature's jobs (action reminders, overdue flags).
export function caseJobs(_deps: JobDeps): Job[] {
  return [];
}
