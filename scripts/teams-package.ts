// The Teams app package: manifests/teams/manifest.json with the app id and host filled in, and the
// two icons, zipped for upload in the Teams admin center or the Developer Portal.
//   npm run teams:package [-- --out dist/knoop-teams.zip] [--version 1.0.1]
// Reads TEAMS_APP_ID and PUBLIC_URL (environment or .env). Exit codes: 0 written, 1 error, 2 wrong usage.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { AppManifestUtils, TeamsManifestConverter } from "@microsoft/app-manifest";
import { zipSync } from "fflate";
import { ConfigError, loadConfig } from "../src/config.ts";

const root = fileURLToPath(new URL("../", import.meta.url));
const templateDir = resolve(root, "manifests/teams");
/** The placeholders of the committed manifest (it validates as it is). */
const placeholderId = "00000000-0000-0000-0000-000000000000";
const placeholderHost = "knoop.example.nl";
const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const USAGE =
  "Gebruik: TEAMS_APP_ID=<guid> PUBLIC_URL=https://knoop.jouw-swv.nl npm run teams:package [-- --out dist/knoop-teams.zip] [--version 1.0.1]\n" +
  "Usage: TEAMS_APP_ID=<guid> PUBLIC_URL=https://knoop.your-swv.nl npm run teams:package [-- --out dist/knoop-teams.zip] [--version 1.0.1]";

export type TeamsManifestJson = Record<string, unknown> & { manifestVersion: string };

/** The committed manifest template. */
export function readTemplate(): TeamsManifestJson {
  return JSON.parse(readFileSync(resolve(templateDir, "manifest.json"), "utf8")) as TeamsManifestJson;
}

/** The manifest for one installation: the app id (also the bot id) and the public host filled in. */
export function fillManifest(
  template: TeamsManifestJson,
  options: { appId: string; publicUrl: string; version?: string },
): TeamsManifestJson {
  const host = new URL(options.publicUrl).host;
  const text = JSON.stringify(template)
    .replaceAll(placeholderId, options.appId.toLowerCase())
    .replaceAll(placeholderHost, host);
  const manifest = JSON.parse(text) as TeamsManifestJson;
  if (options.version) manifest.version = options.version;
  return manifest;
}

/** Problems with the manifest against the schema of its own version, bundled in @microsoft/app-manifest (offline). */
export async function manifestProblems(manifest: TeamsManifestJson): Promise<string[]> {
  const require = createRequire(import.meta.url);
  const base = dirname(require.resolve("@microsoft/app-manifest/package.json"));
  const schemaFile = resolve(
    base,
    `build/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`,
  );
  const schema = JSON.parse(readFileSync(schemaFile, "utf8"));
  const problems = await AppManifestUtils.validateAgainstSchema(manifest as never, schema);
  if (problems.length > 0) return problems;
  try {
    // the library's own type checks on top of the schema
    TeamsManifestConverter.jsonToManifest(JSON.stringify(manifest));
    return [];
  } catch (error) {
    return [error instanceof Error ? error.message : String(error)];
  }
}

/** The zip Teams accepts: manifest.json and the two icons at the top level. */
export function zipPackage(manifest: TeamsManifestJson): Uint8Array {
  const icons = manifest.icons as { color: string; outline: string };
  return zipSync({
    "manifest.json": new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`),
    [icons.color]: readFileSync(resolve(templateDir, icons.color)),
    [icons.outline]: readFileSync(resolve(templateDir, icons.outline)),
  });
}

async function main(): Promise<number> {
  let args: { out?: string; version?: string };
  try {
    args = parseArgs({ options: { out: { type: "string" }, version: { type: "string" } } }).values;
  } catch {
    console.error(USAGE);
    return 2;
  }
  try {
    process.loadEnvFile(); // .env, when present
  } catch {}
  let publicUrl: string | undefined;
  try {
    // Only what the package needs (no app password required to build it).
    publicUrl = loadConfig({ PUBLIC_URL: process.env.PUBLIC_URL, LOCALE: process.env.LOCALE }).publicUrl;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    return 1;
  }
  const appId = process.env.TEAMS_APP_ID?.trim();
  if (!appId || !guid.test(appId)) {
    console.error(
      `TEAMS_APP_ID moet de toepassings-id (client-id) van Knoops app-registratie in Entra ID zijn, een GUID zoals 1b2c3d4e-0000-4000-8000-1234567890ab.\n${USAGE}`,
    );
    return 2;
  }
  if (!publicUrl?.startsWith("https://")) {
    console.error(
      `PUBLIC_URL moet het openbare https-adres van je Knoop-server zijn, bijvoorbeeld https://knoop.jouw-swv.nl.\n${USAGE}`,
    );
    return 2;
  }
  if (args.version && !/^\d+\.\d+\.\d+$/.test(args.version)) {
    console.error(`--version moet de vorm 1.0.1 hebben.\n${USAGE}`);
    return 2;
  }
  const manifest = fillManifest(readTemplate(), { appId, publicUrl, version: args.version });
  const problems = await manifestProblems(manifest);
  if (problems.length > 0) {
    console.error(
      `Het manifest klopt niet met schema ${manifest.manifestVersion}:\n- ${problems.join("\n- ")}`,
    );
    return 1;
  }
  const out = resolve(args.out ?? "dist/knoop-teams.zip");
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, zipPackage(manifest));
  console.log(
    `Teams-app-pakket geschreven: ${out} (manifest ${manifest.manifestVersion}, versie ${String(manifest.version)}, app-id ${appId}).\n` +
      `Berichteneindpunt voor de Azure Bot of het Developer Portal: ${publicUrl}/api/messages`,
  );
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href)
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
