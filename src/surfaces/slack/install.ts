import type { Installation, InstallationQuery, InstallationStore } from "@slack/bolt";
import { InstallProvider } from "@slack/oauth";
import type { Router } from "express";
import express from "express";
import type { Logger } from "../../core/logger.ts";
import { defineTexts } from "../../core/texts.ts";
import type { Db } from "../../store/client.ts";
import { slackLogger } from "./logger.ts";
import { botScopes } from "./scopes.ts";

/** Where an installation is kept: by workspace, or by enterprise for an org-wide install. */
const keyOf = (q: { isEnterpriseInstall?: boolean; teamId?: string; enterpriseId?: string }) =>
  (q.isEnterpriseInstall ? q.enterpriseId : q.teamId) ?? "";

/** @slack/oauth's installation store over Prisma (table SlackInstallation). Bot tokens are
 * stored as they are: protect the database like the tokens themselves. */
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
    notLinked: "Een beheerder van Knoop koppelt de werkruimte nog aan jullie samenwerkingsverband.",
    failed: "Installeren is niet gelukt. Probeer het opnieuw via /slack/install.",
  },
  {
    installed: (p) => `Knoop is installed in ${p.team}. You can close this window.`,
    linked: (p) => `The workspace is linked to samenwerkingsverband ${p.swv}.`,
    notLinked: "A Knoop administrator still has to link the workspace to your samenwerkingsverband.",
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
}

/**
 * The OAuth install flow for more than one workspace, on Knoop's own HTTP server (also in Socket
 * Mode): GET /slack/install sends the admin to Slack's consent page (with the scopes of the
 * manifest); GET /slack/oauth_redirect stores the installation. `/slack/install?swv=PO3104`
 * links the new workspace to that SWV when it is not linked yet.
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
    const swv = typeof req.query.swv === "string" ? req.query.swv.slice(0, 20) : undefined;
    await installer.handleInstallPath(req, res, {}, { scopes: botScopes, ...(swv ? { metadata: swv } : {}) });
  });
  router.get("/slack/oauth_redirect", async (req, res) => {
    await installer.handleCallback(req, res, {
      successAsync: async (installation, options) => {
        const teamId = keyOf({
          isEnterpriseInstall: installation.isEnterpriseInstall,
          teamId: installation.team?.id,
          enterpriseId: installation.enterprise?.id,
        });
        const requested = options.metadata
          ? await o.db.swv.findUnique({ where: { code: options.metadata } })
          : null;
        const where = { platform_externalId: { platform: "slack", externalId: teamId } };
        let linked = await o.db.workspace.findUnique({ where });
        if (!linked && requested)
          linked = await o.db.workspace.create({
            data: { platform: "slack", externalId: teamId, swvId: requested.id },
          });
        const swv = linked ? await o.db.swv.findUnique({ where: { id: linked.swvId } }) : null;
        const team = installation.team?.name ?? installation.enterprise?.name ?? teamId;
        page(res, 200, [t.installed({ team }), swv ? t.linked({ swv: swv.name }) : t.notLinked]);
      },
      failureAsync: async (error) => {
        o.logger.warn({ err: error }, "slack: installation failed");
        page(res, 400, [t.failed]);
      },
    });
  });
  return router;
}
