import type { FormValues } from "./views.ts";

export type Surface = "slack" | "teams" | "sandbox";

/** Where an intent happened. */
export interface Place {
  kind: "dm" | "channel" | "case";
  /** The logical space id (e.g. "case:<caseId>"), or the platform channel id. */
  id: string;
}

/** A role assignment: one school, or the whole SWV (schoolId null). */
export interface RoleGrant {
  role: string;
  schoolId: string | null;
}

/** The person behind a platform user, already resolved by the surface. */
export interface Actor {
  personId: string;
  swvId: string;
  name: string;
  locale: "nl" | "en";
  roles: RoleGrant[];
  surface: Surface;
  /** The platform account the intent came from. */
  user: { platform: Surface; workspaceId: string; userId: string };
}

export type Intent =
  /** `/knoop <text>`: `args` are the words after /knoop. */
  | { kind: "command"; args: string[] }
  /** A button or select: the action name and its value. */
  | { kind: "action"; name: string; value: string }
  /** A submitted form. */
  | { kind: "submission"; name: string; values: FormValues; context?: string }
  /** A personal page the surface shows on its own (Slack's App Home): `name` is e.g. "home". */
  | { kind: "page"; name: string };
