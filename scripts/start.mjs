// npm start: runs the compiled Knoop (dist/src/main.js) with plain node, in this process.
// dist/ is built on `npm ci`; when a source changed since, it is compiled again first.
import { build, isStale } from "./build.mjs";

if (isStale()) build();
await import("../dist/src/main.js");
