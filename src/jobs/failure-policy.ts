import { md, type Text } from "../chat/inline.ts";
import { type ChatRequest, DeliveryFailure, type FailureKind, type SendResult } from "../chat/port.ts";
import { type MessageView, message, say, text, upgrade } from "../chat/views.ts";
import type { Clock } from "../core/clock.ts";
import type { Locale } from "../core/i18n.ts";
import type { Logger } from "../core/logger.ts";
import { defineTexts } from "../core/texts.ts";
import type { Db } from "../store/client.ts";
import type { PortRegistry } from "./delivery.ts";
import { post, sendDm } from "./outbox.ts";

/** The one place that decides what a failed delivery means: retry, wait, or dead-letter, and who
 * is told, in their language. Ports only classify (DeliveryFailure); this file holds the words. */

const labelsNl: Record<string, string> = { slack: "Slack", teams: "Teams", sandbox: "de sandbox" };
const labelsEn: Record<string, string> = { slack: "Slack", teams: "Teams", sandbox: "the sandbox" };

type P = { platform: string };
export const failureTexts = defineTexts(
  {
    platform: (p: P) => labelsNl[p.platform] ?? p.platform,
    recipientUnreachable: (p: P) => `de persoon is niet (meer) bereikbaar via ${p.platform}`,
    spaceGone: (p: P) => `de ruimte op ${p.platform} bestaat niet (meer) of Knoop is er geen lid van`,
    misconfigured: (p: P) => `Knoop is op ${p.platform} niet goed ingesteld`,
    refused: (p: P) => `${p.platform} weigerde het bericht`,
    noAccount: (p: P) => `er is geen ${p.platform}-account aan deze persoon gekoppeld`,
    dmFailed: (p: { name: string; platform: string; reason: string }) =>
      md`Knoop kon ${p.name} geen bericht sturen via ${p.platform}: ${p.reason}. Controleer met \`/knoop beheer\` welk ${p.platform}-account aan ${p.name} gekoppeld is.`,
    postFailed: (p: { code: string; reason: string }) =>
      `Een bericht voor het casuskanaal van ${p.code} kon niet worden geplaatst: ${p.reason}. Je krijgt het hier, zodat het niet verloren gaat.`,
    spaceFailed: (p: { code: string; platform: string; reason: string }) =>
      `Het ${p.platform}-kanaal voor casus ${p.code} kon niet worden gemaakt: ${p.reason}. De casus zelf bestaat wel; vraag je ${p.platform}-beheerder om hulp.`,
    inviteFailed: (p: { name: string; code: string; reason: string }) =>
      `${p.name} kon niet worden uitgenodigd in het casuskanaal van ${p.code}: ${p.reason}.`,
    workspaceFailed: (p: { platform: string; reason: string }) =>
      `Knoop kon een bericht niet via ${p.platform} versturen: ${p.reason}. Het bericht staat met de fout in de outbox van Knoop.`,
    messageRefused: (p: { reason: string }) =>
      md`Knoop had een bericht voor je, maar ${p.reason}. Bekijk je signalen en casussen in Knoop met \`/knoop\`.`,
    updateFailed: "Een eerder bericht van Knoop kon niet worden bijgewerkt; dit is de nieuwe stand:",
  },
  {
    platform: (p) => labelsEn[p.platform] ?? p.platform,
    recipientUnreachable: (p) => `the person cannot be reached through ${p.platform} (any more)`,
    spaceGone: (p) => `the space on ${p.platform} does not exist (any more) or Knoop is not a member`,
    misconfigured: (p) => `Knoop is not set up correctly on ${p.platform}`,
    refused: (p) => `${p.platform} refused the message`,
    noAccount: (p) => `no ${p.platform} account is linked to this person`,
    dmFailed: (p) =>
      md`Knoop could not send ${p.name} a message through ${p.platform}: ${p.reason}. Check with \`/knoop beheer\` which ${p.platform} account is linked to ${p.name}.`,
    postFailed: (p) =>
      `A message for the case channel of ${p.code} could not be posted: ${p.reason}. You get it here so that it is not lost.`,
    spaceFailed: (p) =>
      `The ${p.platform} channel for case ${p.code} could not be created: ${p.reason}. The case itself exists; ask your ${p.platform} administrator for help.`,
    inviteFailed: (p) => `${p.name} could not be invited to the case channel of ${p.code}: ${p.reason}.`,
    workspaceFailed: (p) =>
      `Knoop could not send a message through ${p.platform}: ${p.reason}. The message is kept with the error in Knoop's outbox.`,
    messageRefused: (p) =>
      md`Knoop had a message for you, but ${p.reason}. See your signals and cases in Knoop with \`/knoop\`.`,
    updateFailed: "An earlier Knoop message could not be updated; this is the current state:",
  },
);
type Texts = ReturnType<typeof failureTexts>;
/** A notice's message in one person's language. */
type Say = (t: Texts, locale: Locale) => MessageView;

/** The message with a notice before its text (so that what could not be delivered is not lost). */
const prefixed = (notice: Text, earlier: MessageView): MessageView =>
  message(text(notice), ...upgrade(earlier).blocks);

/** Any error from routing or a port as a DeliveryFailure: what is not classified is transient. */
export function asFailure(error: unknown): DeliveryFailure {
  if (error instanceof DeliveryFailure) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new DeliveryFailure("transient", "transient", 0, message);
}

/** Notices are DMs keyed `<platform>-notice:<key>:<person>`; their own failure is only logged (no loops). */
export const isNotice = (key: string) => /^[\w]+-notice:/.test(key);

export interface PolicyDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** The SWV default language, for people without their own and for `lastError`. */
  locale: Locale;
  ports: PortRegistry;
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface Verdict {
  status: "pending" | "dead";
  /** The attempt count to record (a rate limit does not use one up). */
  attempts: number;
  nextAttemptAt: Date;
  lastError: string;
}

export class FailurePolicy {
  constructor(private readonly deps: PolicyDeps) {}

  /** What to do with a row whose attempt number `attempts` failed. */
  verdict(failure: DeliveryFailure, attempts: number, platform: string): Verdict {
    const now = this.deps.clock.now().getTime();
    const lastError = this.describe(failure, platform);
    if (failure.kind === "rateLimited")
      return {
        status: "pending",
        attempts: attempts - 1,
        nextAttemptAt: new Date(now + failure.retryAfterMs),
        lastError,
      };
    const delay = Math.min(this.deps.maxDelayMs, this.deps.baseDelayMs * 2 ** (attempts - 1));
    const dead = failure.permanent || attempts >= this.deps.maxAttempts;
    return { status: dead ? "dead" : "pending", attempts, nextAttemptAt: new Date(now + delay), lastError };
  }

  /** The error kept on the row: the code with the platform's explanation, in the SWV language. */
  describe(failure: DeliveryFailure, platform: string): string {
    const explained = this.deps.ports.get(platform).explain?.(failure.code, this.deps.locale);
    return explained ? `${failure.code}: ${explained}` : failure.message;
  }

  /** Tells whoever can act about a dead-lettered request (permanent failures only). */
  async report(key: string, request: ChatRequest, failure: DeliveryFailure, platform: string): Promise<void> {
    if (!failure.permanent || isNotice(key)) return;
    const reason = (l: Locale) => this.reason(l, platform, failure.kind, failure.code);
    const on = (t: Texts) => t.platform({ platform });
    const swvId = await this.swvOf(request);
    const admins = async () => (swvId ? this.adminsOf(swvId) : []);
    const tell = (to: string[], message: Say) => this.notice(platform, key, to, message);
    if (failure.kind === "misconfigured")
      return tell(await admins(), (t, l) => say(t.workspaceFailed({ platform: on(t), reason: reason(l) })));
    switch (request.op) {
      case "dm": {
        if (failure.kind === "refused")
          return tell([request.personId], (t, l) => say(t.messageRefused({ reason: reason(l) })));
        const name = await this.nameOf(request.personId);
        return tell(await admins(), (t, l) => say(t.dmFailed({ name, platform: on(t), reason: reason(l) })));
      }
      case "post": {
        const c = await this.caseOf(request.channelId);
        const code = c?.code ?? request.channelId;
        return tell(c ? [c.regisseurId] : await admins(), (t, l) =>
          failure.kind === "refused"
            ? say(t.messageRefused({ reason: reason(l) }))
            : prefixed(t.postFailed({ code, reason: reason(l) }), request.message),
        );
      }
      case "createCaseSpace":
      case "invite": {
        const c = await this.caseOf(request.op === "invite" ? request.channelId : `case:${request.caseId}`);
        if (c)
          await tell([c.regisseurId], (t, l) =>
            say(t.spaceFailed({ code: c.code, platform: on(t), reason: reason(l) })),
          );
        return;
      }
      case "update": {
        // The earlier message stays as it was: send the new state as a new message instead.
        const original = await this.deps.db.outboxMessage.findUnique({
          where: { idempotencyKey: request.ofKey },
        });
        if (!original) return;
        const earlier = JSON.parse(original.request) as ChatRequest;
        const renewed = (t: Texts) => prefixed(t.updateFailed, request.message);
        if (earlier.op === "dm") return tell([earlier.personId], renewed);
        if (earlier.op === "post") {
          const notice = renewed(failureTexts(this.deps.locale));
          const now = this.deps.clock.now();
          await this.deps.db.$transaction((tx) =>
            post(tx, now, `${platform}-notice:${key}`, earlier.channelId, notice),
          );
        }
        return;
      }
    }
  }

  /** Members a space could not take (the others are in): the regisseur hears who, and why. */
  async reportRefused(
    key: string,
    request: ChatRequest,
    result: SendResult,
    platform: string,
  ): Promise<void> {
    if (!result.refused?.length || (request.op !== "invite" && request.op !== "createCaseSpace")) return;
    const c = await this.caseOf(request.op === "invite" ? request.channelId : `case:${request.caseId}`);
    if (!c) return;
    for (const { personId, kind, code } of result.refused) {
      const name = await this.nameOf(personId);
      await this.notice(platform, `${key}:invite:${personId}`, [c.regisseurId], (t, l) =>
        say(t.inviteFailed({ name, code: c.code, reason: this.reason(l, platform, kind, code) })),
      );
    }
  }

  private reason(locale: Locale, platform: string, kind: FailureKind, code: string): string {
    const t = failureTexts(locale);
    const explained = this.deps.ports.get(platform).explain?.(code, locale);
    if (explained) return explained;
    const on = { platform: t.platform({ platform }) };
    if (code === "no_account") return t.noAccount(on);
    return kind === "recipientUnreachable" || kind === "spaceGone" || kind === "misconfigured"
      ? t[kind](on)
      : t.refused(on);
  }

  /** Queues a DM to each person, in their language (routed like any DM); repeated keys are kept once. */
  private async notice(platform: string, key: string, personIds: string[], message: Say) {
    const { db, clock, logger } = this.deps;
    const people = await db.person.findMany({
      where: { id: { in: personIds } },
      select: { id: true, locale: true },
    });
    const now = clock.now();
    await db.$transaction(async (tx) => {
      for (const p of people) {
        const locale = p.locale === "en" || p.locale === "nl" ? p.locale : this.deps.locale;
        await sendDm(
          tx,
          now,
          `${platform}-notice:${key}:${p.id}`,
          p.id,
          message(failureTexts(locale), locale),
        );
      }
    });
    if (!people.length) logger.error({ key }, "outbox: nobody to tell about a failed delivery");
  }

  private async caseOf(spaceId: string) {
    if (!spaceId.startsWith("case:")) return null;
    return this.deps.db.case.findUnique({
      where: { id: spaceId.slice(5) },
      select: { swvId: true, code: true, regisseurId: true },
    });
  }

  private async swvOf(request: ChatRequest): Promise<string | null> {
    const { db } = this.deps;
    switch (request.op) {
      case "dm":
        return (await db.person.findUnique({ where: { id: request.personId } }))?.swvId ?? null;
      case "createCaseSpace":
        return (await this.caseOf(`case:${request.caseId}`))?.swvId ?? null;
      case "post":
      case "invite":
        return (await this.caseOf(request.channelId))?.swvId ?? null;
      case "update": {
        const original = await db.outboxMessage.findUnique({ where: { idempotencyKey: request.ofKey } });
        return original ? this.swvOf(JSON.parse(original.request)) : null;
      }
    }
  }

  private async adminsOf(swvId: string): Promise<string[]> {
    const rows = await this.deps.db.roleAssignment.findMany({
      where: { swvId, role: "beheerder" },
      select: { personId: true },
    });
    return [...new Set(rows.map((r) => r.personId))];
  }

  private async nameOf(personId: string): Promise<string> {
    const person = await this.deps.db.person.findUnique({ where: { id: personId } });
    return person?.displayName ?? personId;
  }
}
