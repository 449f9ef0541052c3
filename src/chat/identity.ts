import { type Locale, localeOr } from "../core/i18n.ts";
import { defineTexts } from "../core/texts.ts";
import type { Db } from "../store/client.ts";
import { md } from "./inline.ts";
import type { Actor, Surface } from "./intents.ts";
import { type MessageView, say } from "./views.ts";

/** A user as a chat platform names them. */
export interface PlatformUser {
  platform: Surface;
  /** Slack team id, Teams tenant id, "local" in the sandbox. */
  workspaceId: string;
  userId: string;
}

/** The person behind a platform user, with their roles; null for someone Knoop does not know yet.
 * `findFirst`, not `findUnique`: Prisma batches the findUnique calls of one tick into one query
 * whose shape depends on how many there were, and keeps a compiled plan per shape; the requests
 * that the Slack surface releases together after their acks made that dozens of plans (about
 * 21 MB per 20,000 requests). One row by its unique key is one query of one shape, however many
 * run at once (tests/integration/identity-lookup.test.ts). */
export async function resolveActor(db: Db, user: PlatformUser, defaultLocale: Locale): Promise<Actor | null> {
  const identity = await db.chatIdentity.findFirst({
    where: { platform: user.platform, workspaceId: user.workspaceId, userId: user.userId },
    include: { person: { include: { roles: { select: { role: true, schoolId: true } } } } },
  });
  if (!identity) return null;
  const { person } = identity;
  return {
    personId: person.id,
    swvId: person.swvId,
    name: person.displayName,
    locale: localeOr(person.locale, defaultLocale),
    roles: person.roles,
    surface: user.platform,
    user: { platform: user.platform, workspaceId: user.workspaceId, userId: user.userId },
  };
}

const texts = defineTexts(
  {
    welcome: "Welkom bij Knoop! Je bent nog niet bekend als gebruiker van je samenwerkingsverband.",
    askAdmins: (p: { names: string }) => `Vraag een beheerder om je toe te voegen: ${p.names}.`,
    askSwv: md`Vraag de beheerder van Knoop bij je samenwerkingsverband om je toe te voegen (met \`/knoop beheer\`).`,
  },
  {
    welcome: "Welcome to Knoop! You are not yet known as a user of your samenwerkingsverband.",
    askAdmins: (p) => `Ask an administrator to add you: ${p.names}.`,
    askSwv: md`Ask the Knoop administrator of your samenwerkingsverband to add you (with \`/knoop beheer\`).`,
  },
);

/** The message for a platform user Knoop does not know: who can add them, not an error. */
export async function onboardingMessage(db: Db, user: PlatformUser, locale: Locale): Promise<MessageView> {
  const t = texts(locale);
  // findFirst: not batched with other requests' lookups (see resolveActor).
  const workspace = await db.workspace.findFirst({
    where: { platform: user.platform, externalId: user.workspaceId },
  });
  const admins = workspace
    ? await db.person.findMany({
        where: { swvId: workspace.swvId, roles: { some: { role: "beheerder" } } },
        select: { displayName: true },
        orderBy: { displayName: "asc" },
      })
    : [];
  const names = admins.map((a) => a.displayName).join(", ");
  return say(t.welcome, names ? t.askAdmins({ names }) : t.askSwv);
}
