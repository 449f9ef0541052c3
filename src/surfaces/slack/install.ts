import type { Installation, InstallationQuery, InstallationStore } from "@slack/bolt";
import { InstallProvider } from "@slack/oauth";
import type { Router } from "express";
import express from "express";
import { checkInstallLink, redeemInstallLink } from "../../chat/install-links.ts";
import type { Logger } from "../../core/logger.ts";
import { defineTexts } from "../../core/texts.ts";
import type { Db } from "../../store/client.ts";
import { slackLogger } from "./logger.ts";
import { botScopes } from "./scopes.ts";

/** Where an installation is kept: by workspace, or by enterprise for an org-wide install. */
const keyOf = (q: { isEnterpriseInstall?: boolean; teamId?: string; enterpriseId?: string }) =>
  (q.isEnterpriseInstall ? q.enterpriseId : q.teamId) ?? "";

/** @slack/oauth's installation store over Prisma (table SlackInstallation). The bot token and the
 * installation are encrypted at rest by the store (src/store/encryption.ts). */
export function installationStore(db: Db): InstallationStore {
  return {
    async storeInstallation(i: Installation) {
      const teamId = i.isEnterpriseInstall ? i.enterprise?.id : i.team?.id;
      if (!teamId || !i.bot) throw new Error("slack: installation without workspace or bot token");
      const data = {
        enterpriseId: i.enterprise?.id ?? null,
        botToken: i.bot.token,
        botUserId: i.bot.userId,
        botId: i.bot.id,
        data: JSON.stringify(i),
      };
      await db.slackInstallation.upsert({ where: { teamId }, create: { teamId, ...data }, update: data });
    },
    async fetchInstallation(query: InstallationQuery<boolean>) {
      const row = await db.slackInstallation.findUnique({ where: { teamId: keyOf(query) } });
      if (!row) throw new Error(`slack: no installation for ${keyOf(query)}`);
      return JSON.parse(row.data) as Installation<"v2", false>;
    },
    async deleteInstallation(query: InstallationQuery<boolean>) {
      await db.slackInstallation.deleteMany({ where: { teamId: keyOf(query) } });
    },
  } as InstallationStore;
}

const texts = defineTexts(
  {
    installed: (p: { team: string }) => `Knoop is geïnstalleerd in ${p.team}. Je kunt dit venster sluiten.`,
    linked: (p: { swv: string }) => `De werkruimte is gekoppeld aan samenwerkingsverband ${p.swv}.`,
    notLinked:
      "De werkruimte is nog niet aan een samenwerkingsverband gekoppeld. Dat gaat alleen met een installatielink die een beheerder van het samenwerkingsverband maakt met `/knoop installatielink`.",
    badLink:
      "Deze installatielink werkt niet (meer): hij is onbekend, verlopen of al gebruikt. Vraag een beheerder van je samenwerkingsverband om een nieuwe (`/knoop installatielink`).",
    failed: "Installeren is niet gelukt. Probeer het opnieuw via /slack/install.",
  },
  {
    installed: (p) => `Knoop is installed in ${p.team}. You can close this window.`,
    linked: (p) => `The workspace is linked to samenwerkingsverband ${p.swv}.`,
    notLinked:
      "The workspace is not linked to a samenwerkingsverband yet. That takes an install link made by an administrator of the samenwerkingsverband with `/knoop installatielink`.",
    badLink:
      "This install link does not work (any more): it is unknown, expired or already used. Ask an administrator of your samenwerkingsverband for a new one (`/knoop installatielink`).",
    failed: "The installation failed. Try again through /slack/install.",
  },
);

export interface InstallOptions {
  db: Db;
  logger: Logger;
  locale: "nl" | "en";
  clientId: string;
  clientSecret: string;
  stateSecret: string;
  /** SLACK_API_URL: oauth.v2.access goes there; the authorize page is next to it (/oauth/v2/authorize). */
  apiUrl: string;
  now: () => Date;
}

/**
 * The OAuth install flow for more than one workspace, on Knoop's own HTTP server (also in Socket
 * Mode): GET /slack/install sends the admin to Slack's consent page (with the scopes of the
 * manifest); GET /slack/oauth_redirect stores the installation. A workspace joins an SWV only
 * through an install link a beheerder of that SWV made (`/slack/install?link=…`, single use,
 * expiring: src/chat/install-links.ts): anyone can install the app, but a workspace nobody vouched
 * for stays unlinked, and its users are shown no one's names.
 */
export function installRoutes(o: InstallOptions): Router {
  const t = texts(o.locale);
  const installer = new InstallProvider({
    clientId: o.clientId,
    clientSecret: o.clientSecret,
    stateSecret: o.stateSecret,
    installationStore: installationStore(o.db),
    directInstall: true,
    logger: slackLogger(o.logger),
    clientOptions: { slackApiUrl: o.apiUrl },
    authorizationUrl: new URL("../oauth/v2/authorize", o.apiUrl).toString(),
  });
  const page = (res: express.Response, status: number, lines: string[]) =>
    res
      .status(status)
      .type("html")
      .send(
        `<!doctype html><html lang="${o.locale}"><meta charset="utf-8"><title>Knoop</title><body>${lines
          .map((l) => `<p>${l.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`)}</p>`)
          .join("")}</body></html>`,
      );

  const router = express.Router();
  router.get("/slack/install", async (req, res) => {
    const link = typeof req.query.link === "string" ? req.query.link : undefined;
    if (link !== undefined && !(await checkInstallLink(o.db, link, o.now()))) {
      page(res, 400, [t.badLink]);
      return;
    }
    // The link travels through Slack inside the state, which STATE_SECRET signs.
    await installer.handleInstallPath(
      req,
      res,
      {},
      { scopes: botScopes, ...(link ? { metadata: link } : {}) },
    );
  });
  router.get("/slack/oauth_redirect", async (req, res) => {
    await installer.handleCallback(req, res, {
      successAsync: async (installation, options) => {
        const teamId = keyOf({
          isEnterpriseInstall: installation.isEnterpriseInstall,
          teamId: installation.team?.id,
          enterpriseId: installation.enterprise?.id,
        });
        const swvId = options.metadata
          ? await redeemInstallLink(o.db, options.metadata, "slack", teamId, o.now())
          : (
              (await o.db.workspace.findUnique({
                where: { platform_externalId: { platform: "slack", externalId: teamId } },
              })) ?? { swvId: null }
            ).swvId;
        const swv = swvId ? await o.db.swv.findUnique({ where: { id: swvId } }) : null;
        const team = installation.team?.name ?? installation.enterprise?.name ?? teamId;
        const lines = [t.installed({ team }), swv ? t.linked({ swv: swv.name }) : t.notLinked];
        if (options.metadata && !swv) lines.push(t.badLink);
        page(res, 200, lines);
      },
      failureAsync: async (error) => {
        o.logger.warn({ err: error }, "slack: installation failed");
        page(res, 400, [t.failed]);
      },
    });
  });
  return router;
}
