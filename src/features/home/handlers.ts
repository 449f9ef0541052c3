import type { Routes } from "../../chat/router.ts";
import { homeViews } from "./views.ts";

/** The personal overview as a routed page: a surface asks for it like any other intent. */
export const homeRoutes: Routes = {
  pages: {
    home: async (ctx) => ({ type: "page", messages: await homeViews(ctx) }),
  },
};
