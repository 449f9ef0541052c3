import type { Routes } from "../../chat/router.ts";

// TODO(issue 3): filled in by the signals feature.
export const signalRoutes: Routes = {};
