import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { unzipSync } from "fflate";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { fillManifest, manifestProblems, readTemplate, zipPackage } from "../../scripts/teams-package.ts";
import { createRouter } from "../../src/features/index.ts";
import {
  graphApplicationPermissions,
  resourceSpecificPermissions,
} from "../../src/surfaces/teams/permissions.ts";

type Command = { title: string; description: string };
type Manifest = {
  $schema: string;
  manifestVersion: string;
  id: string;
  icons: { color: string; outline: string };
  bots: { botId: string; scopes: string[]; commandLists: { scopes: string[]; commands: Command[] }[] }[];
  validDomains: string[];
  webApplicationInfo: { id: string };
  authorization: { permissions: { resourceSpecific: { name: string; type: string }[] } };
};

const root = new URL("../../", import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), "utf8");
const template = readTemplate();
const manifest = template as unknown as Manifest;
/** Router commands that make no sense in Teams (a link to install Knoop in a Slack workspace). */
const slackOnly = ["installatielink"];
/** Teams lists at most 10 commands per scope: the privacy officer's command (one person per SWV,
 * and never for a channel) is typed, not offered in the menu. */
const typedOnly = ["privacy"];
const appId = "1b2c3d4e-0000-4000-8000-1234567890ab";

describe("Teams app manifest (manifests/teams/manifest.json)", () => {
  it("validates offline against the schema of its version bundled in @microsoft/app-manifest (1.22 or later)", async () => {
    const [major, minor] = manifest.manifestVersion.split(".").map(Number);
    expect(major === 1 && (minor ?? 0) >= 22).toBe(true);
    expect(manifest.$schema).toBe(
      `https://developer.microsoft.com/en-us/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`,
    );
    expect(await manifestProblems(template)).toEqual([]);
  });

  it("is really checked: a bad scope and a malformed colour are reported", async () => {
    const broken = structuredClone(template) as unknown as Manifest & { accentColor: string };
    broken.bots[0]?.scopes.push("everyone");
    broken.accentColor = "groen";
    const problems = await manifestProblems(broken as never);
    expect(problems.join("\n")).toMatch(/scopes/);
    expect(problems.join("\n")).toMatch(/accentColor/);
  });

  it("has the bot in the personal chat, teams and group chats, with the router's commands in Dutch for each scope", () => {
    const [bot, ...others] = manifest.bots;
    expect(others).toEqual([]);
    expect(bot?.botId).toBe(manifest.id);
    expect(bot?.scopes.sort()).toEqual(["groupChat", "personal", "team"]);
    const routed = [
      ...createRouter()
        .names()
        .commands.filter((c) => !slackOnly.includes(c) && !typedOnly.includes(c)),
      "help",
    ].sort();
    expect(bot?.commandLists.map((l) => l.scopes)).toEqual([["personal"], ["team"], ["groupChat"]]);
    const help = read("src/features/help/handlers.ts");
    for (const list of bot?.commandLists ?? []) {
      expect(list.commands.map((c) => c.title).sort()).toEqual(routed);
      for (const command of list.commands) {
        // every command is one the help text explains, with a Dutch description
        expect(help).toContain(`\`/knoop ${command.title}`);
        expect(command.description).not.toMatch(/\b(the|your|report|and)\b/i);
      }
    }
  });

  it("declares exactly the resource-specific permissions the Teams surface uses, and every Graph permission is used", () => {
    expect(manifest.authorization.permissions.resourceSpecific).toEqual(
      Object.values(resourceSpecificPermissions).map((name) => ({ name, type: "Application" })),
    );
    const code = read("src/surfaces/teams/group-chats.ts");
    for (const key of Object.keys(graphApplicationPermissions)) expect(code).toContain(`app.${key}]`);
    for (const key of Object.keys(resourceSpecificPermissions)) expect(code).toContain(`rsc.${key}]`);
    // each one is explained to the admin in the README
    const readme = read("README.md");
    for (const name of [
      ...Object.values(graphApplicationPermissions),
      ...Object.values(resourceSpecificPermissions),
    ])
      expect(readme).toContain(`\`${name}\``);
  });
});

describe("npm run teams:package", () => {
  const filled = fillManifest(template, { appId, publicUrl: "https://knoop.swv-noord.nl", version: "1.0.3" });

  it("fills in the app id (also the bot id) and the public host everywhere, and still validates", async () => {
    const m = filled as unknown as Manifest & { version: string };
    const text = JSON.stringify(filled);
    expect(text).not.toContain("00000000-0000-0000-0000-000000000000");
    expect(text).not.toContain("knoop.example.nl");
    expect(m.id).toBe(appId);
    expect(m.bots[0]?.botId).toBe(appId);
    // the app id for resource-specific consent; no SSO resource (Knoop signs nobody in)
    expect(m.webApplicationInfo).toEqual({ id: appId });
    expect(m.validDomains).toEqual(["knoop.swv-noord.nl"]);
    expect(m.version).toBe("1.0.3");
    expect(await manifestProblems(filled)).toEqual([]);
  });

  it("zips manifest.json, a 192x192 colour icon and a 32x32 white-on-transparent outline icon", () => {
    const files = unzipSync(zipPackage(filled));
    expect(Object.keys(files).sort()).toEqual(["color.png", "manifest.json", "outline.png"]);
    expect(JSON.parse(new TextDecoder().decode(files["manifest.json"]))).toEqual(filled);
    const color = PNG.sync.read(Buffer.from(files["color.png"] as Uint8Array));
    expect([color.width, color.height]).toEqual([192, 192]);
    const outline = PNG.sync.read(Buffer.from(files["outline.png"] as Uint8Array));
    expect([outline.width, outline.height]).toEqual([32, 32]);
    const alphas = new Set<number>();
    for (let i = 0; i < outline.data.length; i += 4) {
      expect([outline.data[i], outline.data[i + 1], outline.data[i + 2]]).toEqual([255, 255, 255]);
      alphas.add(outline.data[i + 3] as number);
    }
    expect(alphas.has(0)).toBe(true);
    expect(alphas.has(255)).toBe(true);
  });

  it("is a command: reads TEAMS_APP_ID and PUBLIC_URL, writes the zip, and explains bad input in Dutch", () => {
    const dir = mkdtempSync(join(tmpdir(), "knoop-teams-package-"));
    const run = (env: Record<string, string>, ...args: string[]) =>
      spawnSync(
        fileURLToPath(new URL("node_modules/.bin/tsx", root)),
        [fileURLToPath(new URL("scripts/teams-package.ts", root)), ...args],
        {
          cwd: dir, // no .env there
          env: { PATH: process.env.PATH ?? "", ...env },
          encoding: "utf8",
        },
      );
    try {
      const out = join(dir, "knoop.zip");
      const ok = run(
        { TEAMS_APP_ID: appId, PUBLIC_URL: "https://knoop.swv-zuid.nl/" },
        "--out",
        out,
        "--version",
        "1.2.0",
      );
      expect(ok.status).toBe(0);
      expect(ok.stdout).toContain("https://knoop.swv-zuid.nl/api/messages");
      const manifest = JSON.parse(new TextDecoder().decode(unzipSync(readFileSync(out))["manifest.json"]));
      expect(manifest).toMatchObject({ id: appId, version: "1.2.0", validDomains: ["knoop.swv-zuid.nl"] });

      const noId = run({ PUBLIC_URL: "https://knoop.swv-zuid.nl" });
      expect(noId.status).toBe(2);
      expect(noId.stderr).toContain("TEAMS_APP_ID moet de toepassings-id (client-id)");
      const plain = run({ TEAMS_APP_ID: appId, PUBLIC_URL: "http://knoop.swv-zuid.nl" });
      expect(plain.status).toBe(2);
      expect(plain.stderr).toContain("PUBLIC_URL moet het openbare https-adres");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
