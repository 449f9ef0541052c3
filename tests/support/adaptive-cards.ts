/**
 * Validates Adaptive Cards offline with Microsoft's `adaptivecards` package, at the version each
 * card declares. Returns the problems found (empty: valid).
 *
 * - `adaptivecards` 3.0.6 cannot be `import`ed on Node 20 (its `lib/` uses extensionless ESM
 *   imports), so the bundled `dist/adaptivecards.js` is loaded through `createRequire`.
 * - Teams' chart elements (`Chart.VerticalBar`, `Chart.Line`, ...) are unknown to the validator:
 *   each chart is replaced by its `fallback` before validation; a chart without one is a problem
 *   (Teams clients that cannot draw it would show nothing).
 * - The card's own `version` is the target version, so a 1.5-only feature in a 1.2 card is flagged;
 *   versions above 1.5 are flagged too (Teams renders up to 1.5).
 * - Limits are those of the package's default host config (e.g. at most 5 actions in a card's
 *   `actions`: `TooManyActions`), not a Teams host config: a conservative check.
 */
import { createRequire } from "node:module";

type Json = Record<string, unknown>;
interface ValidationEvent {
  phase: number;
  event: number;
  message: string;
}
interface AdaptiveCardsModule {
  AdaptiveCard: new () => {
    parse(json: unknown, context: unknown): void;
    validateProperties(): { validationEvents: ValidationEvent[] };
  };
  SerializationContext: new (
    version?: unknown,
  ) => { eventCount: number; getEventAt(i: number): ValidationEvent };
  Version: { parse(text: string, context: unknown): { isValid: boolean } | undefined };
  ValidationEvent: Record<number, string>;
}

const require = createRequire(import.meta.url);
const AC = require("adaptivecards/dist/adaptivecards.js") as AdaptiveCardsModule;

const isChart = (value: Json) => typeof value.type === "string" && value.type.startsWith("Chart.");

/** A copy of the card with every chart replaced by its fallback (problems noted for charts without one). */
export function withChartFallbacks(card: unknown, problems: string[] = [], path = "card"): unknown {
  if (Array.isArray(card))
    return card
      .map((item, i) => withChartFallbacks(item, problems, `${path}[${i}]`))
      .filter((item) => item !== DROP);
  if (!card || typeof card !== "object") return card;
  const object = card as Json;
  if (isChart(object)) {
    const fallback = object.fallback;
    if (fallback === "drop") return DROP;
    if (!fallback || typeof fallback !== "object") {
      problems.push(`${path}: ${String(object.type)} has no fallback (a FactSet, table or image)`);
      return DROP;
    }
    return withChartFallbacks(fallback, problems, `${path}.fallback`);
  }
  const copy: Json = {};
  for (const [key, value] of Object.entries(object))
    copy[key] = withChartFallbacks(value, problems, `${path}.${key}`);
  return copy;
}
const DROP = Symbol("drop");

/** The problems `adaptivecards` finds in a card (parse and validation events), charts replaced by their fallback. */
export function adaptiveCardProblems(card: unknown): string[] {
  const problems: string[] = [];
  if (!card || typeof card !== "object" || (card as Json).type !== "AdaptiveCard")
    return ['not an Adaptive Card (type must be "AdaptiveCard")'];
  const declared = (card as Json).version;
  if (typeof declared !== "string") return ["the card declares no version"];
  const probe = new AC.SerializationContext();
  const version = AC.Version.parse(declared, probe);
  if (!version?.isValid) return [`invalid card version ${declared}`];
  // Teams renders Adaptive Cards up to 1.5.
  const [major = 0, minor = 0] = declared.split(".").map(Number);
  if (major > 1 || minor > 5)
    problems.push(`card version ${declared} is above 1.5, the highest Teams renders`);
  const json = withChartFallbacks(card, problems);
  const context = new AC.SerializationContext(version);
  const parsed = new AC.AdaptiveCard();
  parsed.parse(json, context);
  const name = (event: number) => AC.ValidationEvent[event] ?? String(event);
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    problems.push(`${name(e.event)}: ${e.message}`);
  }
  for (const e of parsed.validateProperties().validationEvents)
    problems.push(`${name(e.event)}: ${e.message}`);
  return problems;
}

/** Throws with every problem listed unless the card is valid. */
export function assertValidAdaptiveCard(card: unknown): void {
  const problems = adaptiveCardProblems(card);
  if (problems.length > 0) throw new Error(`invalid Adaptive Card:\n- ${problems.join("\n- ")}`);
}
