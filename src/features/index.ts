import { Router } from "../chat/router.ts";
import { caseRoutes } from "./cases/handlers.ts";
import { helpReply } from "./help/handlers.ts";
import { peopleRoutes } from "./people/handlers.ts";
import { signalRoutes } from "./signals/handlers.ts";

/** The one routing table of Knoop: every feature's commands, actions and submissions. */
export function createRouter(): Router {
  return new Router([peopleRoutes, signalRoutes, caseRoutes], helpReply);
}
