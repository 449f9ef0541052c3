import { createHash, randomBytes } from "node:crypto";
import type { Db, Tx } from "../store/client.ts";

/** How long an install link works. */
export const INSTALL_LINK_HOURS = 24;

const sha256 = (token: string) => createHash("sha256").update(token).digest("hex");

/**
 * Install links: the only way a chat workspace that installs Knoop (Slack's OAuth flow) becomes
 * part of an SWV. A beheerder of that SWV makes one (`/knoop installatielink`); it works once,
 * for INSTALL_LINK_HOURS. The token is 32 random bytes, unguessable; only its SHA-256 is stored,
 * so a copy of the database holds no working link.
 */
export async function issueInstallLink(
  db: Db | Tx,
  swvId: string,
  createdById: string,
  now: Date,
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + INSTALL_LINK_HOURS * 3600_000);
  await db.installLink.create({ data: { tokenHash: sha256(token), swvId, createdById, expiresAt } });
  return { token, expiresAt };
}

/** The SWV an unused, unexpired link is for (null: unknown, used or expired). Does not use it. */
export async function checkInstallLink(db: Db, token: string, now: Date): Promise<string | null> {
  if (!/^[\w-]{20,100}$/.test(token)) return null;
  const link = await db.installLink.findUnique({ where: { tokenHash: sha256(token) } });
  return link && !link.usedAt && link.expiresAt > now ? link.swvId : null;
}

/** Links `platform` workspace `externalId` to the link's SWV and uses the link up, once: two
 * installs racing with one link get one workspace linked. A workspace that is already linked
 * keeps its SWV (and the link stays unused). Returns the SWV id the workspace belongs to now. */
export async function redeemInstallLink(
  db: Db,
  token: string,
  platform: string,
  externalId: string,
  now: Date,
): Promise<string | null> {
  const where = { platform_externalId: { platform, externalId } };
  const existing = await db.workspace.findUnique({ where });
  if (existing) return existing.swvId;
  if (!/^[\w-]{20,100}$/.test(token)) return null;
  return db.$transaction(async (tx) => {
    const tokenHash = sha256(token);
    const used = await tx.installLink.updateMany({
      where: { tokenHash, usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now, usedBy: externalId },
    });
    if (used.count !== 1) return null;
    const link = await tx.installLink.findUniqueOrThrow({ where: { tokenHash } });
    await tx.workspace.create({ data: { platform, externalId, swvId: link.swvId } });
    return link.swvId;
  });
}
