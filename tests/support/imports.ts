import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";

export interface Import {
  to: string;
  /** `import type`: erased at run time, so it cannot make a cycle at run time. */
  typeOnly: boolean;
}

/** Every relative import (and re-export) of every source file under `root`/src and scripts/,
 * as root-relative paths. */
export function importGraph(root: string): Map<string, Import[]> {
  const graph = new Map<string, Import[]>();
  for (const dir of ["src", "scripts"]) {
    for (const file of sourceFiles(join(root, dir))) {
      const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest);
      const imports: Import[] = [];
      for (const node of source.statements) {
        if (!(ts.isImportDeclaration(node) || ts.isExportDeclaration(node))) continue;
        const spec = node.moduleSpecifier;
        if (!spec || !ts.isStringLiteral(spec) || !spec.text.startsWith(".")) continue;
        const typeOnly = ts.isImportDeclaration(node) ? !!node.importClause?.isTypeOnly : node.isTypeOnly;
        imports.push({ to: relative(root, resolve(dirname(file), spec.text)), typeOnly });
      }
      graph.set(relative(root, file), imports);
    }
  }
  return graph;
}

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === "generated" || e.name === "public" ? [] : sourceFiles(path);
    return /\.(ts|mjs)$/.test(e.name) ? [path] : [];
  });
}

const under = (path: string, folder: string) => path.startsWith(`${folder}/`);

/** The rules of the house (README, "Architecture"): what may import what. */
export function boundaryViolations(graph: Map<string, Import[]>): string[] {
  const found: string[] = [];
  for (const [from, imports] of graph) {
    for (const { to } of imports) {
      const core = ["src/features", "src/chat", "src/jobs", "src/store", "src/core"].some((f) =>
        under(from, f),
      );
      if (core && under(to, "src/surfaces")) found.push(`${from} -> ${to}: the core never imports a surface`);
      if (under(from, "src/features") && under(to, "src/generated"))
        found.push(`${from} -> ${to}: features take their row types from src/store`);
      if (under(from, "src") && under(to, "scripts"))
        found.push(`${from} -> ${to}: src never imports scripts`);
      const surface = /^src\/surfaces\/([^/]+)\//.exec(from)?.[1];
      if (surface) {
        const other = /^src\/surfaces\/([^/]+)\//.exec(to)?.[1];
        if (other && other !== surface)
          found.push(`${from} -> ${to}: a surface never imports another surface`);
        if (under(to, "src/features") && !/\/(lookup|read)\.ts$/.test(to))
          found.push(
            `${from} -> ${to}: a surface reaches features through handleIntent and read functions only`,
          );
      }
    }
  }
  return [...found, ...cycles(graph)];
}

/** Run-time import cycles (type-only imports left out), each reported once as a chain. */
function cycles(graph: Map<string, Import[]>): string[] {
  const found: string[] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, "open");
    stack.push(node);
    for (const { to: next, typeOnly } of graph.get(node) ?? []) {
      if (typeOnly || !graph.has(next)) continue;
      if (state.get(next) === "open")
        found.push(`cycle: ${[...stack.slice(stack.indexOf(next)), next].join(" -> ")}`);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, "done");
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return found;
}
