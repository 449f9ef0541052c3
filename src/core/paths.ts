import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The project folder: the nearest one up with package.json. The same from src/ (tsx, tests) and
 * from the compiled copy in dist/src/ that `npm start` runs, so files the project carries
 * (data/, the sandbox's public/) are found from both. */
export const projectRoot = findRoot(dirname(fileURLToPath(import.meta.url)));

function findRoot(dir: string): string {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, "package.json"))) return d;
    if (dirname(d) === d) throw new Error(`knoop: no package.json above ${dir}`);
  }
}

/** A path inside the project, e.g. `projectPath("data/duo", "schools.csv")`. */
export const projectPath = (...parts: string[]) => join(projectRoot, ...parts);
