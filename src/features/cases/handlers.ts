import type { Routes } from "../../chat/router.ts";

// TODO(issue 3): filled in by the cases feature.
export const caseRoutes: Routes = {};
