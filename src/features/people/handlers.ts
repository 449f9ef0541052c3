import type { Routes } from "../../chat/router.ts";

// TODO(issue 3): filled in by the people feature.
export const peopleRoutes: Routes = {};
