import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Reply } from "../../src/chat/views.ts";
import { commandWords } from "../../src/surfaces/teams/listeners.ts";
import { openTestDb, type TestDb } from "../support/databases.ts";
import { expectDutch, nastyString, recordingLogger, runs, seed } from "../support/fuzz.ts";
import { type CastKey, createWorld, type World } from "../support/world.ts";

// Every command of the routing table with random arguments, as each cast member: whatever is
// typed, Knoop answers in Dutch and nothing crashes (a crash is logged and answered with the
// apology, which expectDutch refuses).

const verbs = [
  "ik",
  "beheer",
  "installatielink",
  "signaal",
  "casus",
  "cyclus",
  "afwezig",
  "werkdagen",
  "thuiszitters",
  "digest",
  "help",
];
const subwords = [
  "lijst",
  "nieuw",
  "tot",
  "uit",
  "jaar",
  "uren",
  "vakanties",
  "abonneer",
  "opzeggen",
  "bestuur",
  "sop",
  "maand",
  "kwartaal",
  "schooljaar",
  "ma",
  "di",
  "wo",
  "do",
  "vr",
  "za",
  "zo",
  "maandag",
  "help",
];
const who: CastKey[] = ["ib", "beheerder", "consultant", "bestuur", "leerplicht", "outsider"];

/** A word as people type it: a known one in any case, or anything. */
const word = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...subwords) },
  { weight: 1, arbitrary: fc.constantFrom(...subwords).map((w) => w.toUpperCase()) },
  { weight: 3, arbitrary: nastyString },
);
/** A near-valid command: a real verb, then random words. */
const nearValid = fc
  .tuple(fc.constantFrom(...verbs), fc.array(word, { maxLength: 4 }))
  .map(([v, rest]) => [v, ...rest]);
const anyArgs = fc.oneof(nearValid, fc.array(nastyString, { maxLength: 5 }));

describe("fuzz: commands", () => {
  let testDb: TestDb;
  let world: World;
  let errors: string[];
  const replies = new Map<string, number>();
  const count = (r: Reply) => replies.set(r.type, (replies.get(r.type) ?? 0) + 1);

  beforeAll(async () => {
    testDb = await openTestDb("sqlite");
    world = await createWorld(testDb.db);
    const recording = recordingLogger();
    world.core.logger = recording.logger;
    errors = recording.errors;
  });
  afterAll(async () => {
    await testDb?.drop();
  });

  it("answers every command, with any arguments, as anyone, in Dutch without a crash", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...who), anyArgs, async (person, args) => {
        const reply = await world.as(person, { kind: "command", args });
        count(reply);
        expectDutch(reply, args);
        expect(errors).toEqual([]);
      }),
      { numRuns: runs(400), ...seed() },
    );
    // The run reached the handlers, not only the usage text.
    expect(replies.get("message")).toBeGreaterThan(0);
  });

  it("reads Teams message text (mentions, HTML, entities) into words that are answered in Dutch", async () => {
    const html = fc.constantFrom(
      "<at>Knoop</at>",
      '<at id="0">Knoop</at> ',
      "<p>",
      "</p>",
      "<br>",
      "&nbsp;",
      "&amp;",
      "&lt;b&gt;",
      "<at>",
      "</at>",
      "<",
      "knoop",
      "/knoop",
    );
    const text = fc
      .array(fc.oneof(html, fc.constantFrom(...verbs), fc.constantFrom(...subwords), nastyString), {
        maxLength: 8,
      })
      .chain((parts) => fc.constantFrom(" ", "", "\n", "\u00a0").map((sep) => parts.join(sep)));
    await fc.assert(
      fc.asyncProperty(text, async (raw) => {
        const words = commandWords(raw);
        for (const w of words) expect(w).not.toMatch(/^\s|\s$/);
        if (!words.length) return;
        const reply = await world.as("ib", { kind: "command", args: words });
        expectDutch(reply, words);
        expect(errors).toEqual([]);
      }),
      { numRuns: runs(150), ...seed() },
    );
  });

  it("finds the verb whatever whitespace surrounds it", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...verbs),
        fc.array(fc.constantFrom(" ", "\t", "\n", "\u00a0", "\u3000", "\u2028", "&nbsp;"), { minLength: 1 }),
        (verb, spaces) => {
          const pad = spaces.join("");
          expect(commandWords(`<at>Knoop</at>${pad}${verb}${pad}`)).toEqual([verb]);
        },
      ),
      { numRuns: runs(100), ...seed() },
    );
  });
});
