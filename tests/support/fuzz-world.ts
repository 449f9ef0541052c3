import { afterAll, beforeAll } from "vitest";
import { openTestDb, type TestDb } from "./databases.ts";
import { recordingLogger } from "./fuzz.ts";
import { createWorld, type World } from "./world.ts";

/** The SQLite world of a state-machine fuzz suite, with its logger recording errors (a step that
 * logs an error fails). Registers the suite's beforeAll and afterAll: `prepare` runs before the
 * recording starts, `summary` is printed at the end. Read `world` and `errors` inside the tests. */
export function fuzzWorld(options: {
  start?: string;
  prepare?: (world: World) => Promise<void>;
  summary: () => string;
}): { world: World; errors: string[] } {
  const suite = { world: undefined as unknown as World, errors: [] as string[] };
  let testDb: TestDb | undefined;
  beforeAll(async () => {
    testDb = await openTestDb("sqlite");
    suite.world = await createWorld(testDb.db, options.start);
    await options.prepare?.(suite.world);
    const recording = recordingLogger();
    suite.world.core.logger = recording.logger;
    suite.errors = recording.errors;
  });
  afterAll(async () => {
    await testDb?.drop();
    console.info(options.summary());
  });
  return suite;
}
