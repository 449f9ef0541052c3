import { Router } from "../chat/router.ts";
import type { Job } from "../jobs/scheduler.ts";
import { caseRoutes } from "./cases/handlers.ts";
import { caseJobs } from "./cases/schedule.ts";
import { cycleRoutes } from "./cycles/handlers.ts";
import { cycleJobs } from "./cycles/jobs.ts";
import { digestRoutes } from "./digests/handlers.ts";
import { digestJobs } from "./digests/jobs.ts";
import { helpReply } from "./help/handlers.ts";
import { homeRoutes } from "./home/handlers.ts";
import type { JobDeps } from "./jobs.ts";
import { meetingRoutes } from "./meetings/handlers.ts";
import { meetingJobs } from "./meetings/schedule.ts";
import { peopleRoutes } from "./people/handlers.ts";
import { privacyRoutes } from "./privacy/handlers.ts";
import { privacyJobs } from "./privacy/jobs.ts";
import { signalRoutes } from "./signals/handlers.ts";
import { thuiszitterRoutes } from "./thuiszitters/handlers.ts";
import { thuiszitterJobs } from "./thuiszitters/jobs.ts";

/** The one routing table of Knoop: every feature's commands, actions and submissions. */
export function createRouter(): Router {
  return new Router(
    [
      peopleRoutes,
      signalRoutes,
      caseRoutes,
      meetingRoutes,
      homeRoutes,
      cycleRoutes,
      thuiszitterRoutes,
      digestRoutes,
      privacyRoutes,
    ],
    helpReply,
  );
}

/** Every feature's scheduled jobs. */
export function createJobs(deps: JobDeps): Job[] {
  return [
    ...caseJobs(deps),
    ...meetingJobs(deps),
    ...cycleJobs(deps),
    ...thuiszitterJobs(deps),
    ...digestJobs(deps),
    ...privacyJobs(deps),
  ];
}
