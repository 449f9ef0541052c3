import type { Routes } from "../../chat/router.ts";

// TODO(issue 3): filled in by the meetings feature.
export const meetingRoutes: Routes = {};
