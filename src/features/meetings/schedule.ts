import type { Job } from "../../jobs/scheduler.ts";
import type { JobDeps } from "../jobs.ts";

// TODO(issue 3): the meetings feature's jobs (reminder the working day before).
export function meetingJobs(_deps: JobDeps): Job[] {
  return [];
}
