import type { Clock } from "../core/clock.ts";
import { UserError } from "../core/errors.ts";
import type { Logger } from "../core/logger.ts";
import { defineTexts } from "../core/texts.ts";
import type { Db } from "../store/client.ts";
import { refusal } from "./dedupe.ts";
import type { Directory } from "./directory.ts";
import { md } from "./inline.ts";
import type { Actor, Intent, Place } from "./intents.ts";
import { type FormValues, message, type Reply, say, text, upgrade } from "./views.ts";

/** What every handler gets: the store, the time, who acts and where. */
export interface Context {
  db: Db;
  clock: Clock;
  logger: Logger;
  timezone: string;
  actor: Actor;
  place: Place;
  /** Messages were queued: ask the dispatcher to send them now instead of at its next poll. */
  notify(): void;
  /** The chat accounts of the surface (to add a person by picking their account). */
  directory: Directory;
}

export type CommandHandler = (ctx: Context, args: string[]) => Promise<Reply>;
export type ActionHandler = (ctx: Context, value: string) => Promise<Reply>;
export type SubmissionHandler = (ctx: Context, values: FormValues, context?: string) => Promise<Reply>;
export type PageHandler = (ctx: Context) => Promise<Reply>;

/** A feature's part of the routing table. Command keys are the first word after /knoop; a command
 * handler gets the words after it in lower case. */
export interface Routes {
  commands?: Record<string, CommandHandler>;
  actions?: Record<string, ActionHandler>;
  submissions?: Record<string, SubmissionHandler>;
  /** Personal pages a surface shows on its own (e.g. "home": Slack's App Home). */
  pages?: Record<string, PageHandler>;
}

const texts = defineTexts(
  {
    unknownCommand: (p: { word: string }) => md`Onbekend commando \`${p.word}\`. Zo gebruik je Knoop:`,
    unknownAction: "Deze knop werkt niet meer. Vraag de gegevens opnieuw op.",
    failed: "Er ging iets mis aan onze kant. Je invoer is niet verloren: probeer het zo nog eens.",
  },
  {
    unknownCommand: (p) => md`Unknown command \`${p.word}\`. This is how to use Knoop:`,
    unknownAction: "This button no longer works. Ask for the details again.",
    failed: "Something went wrong on our side. Nothing you entered is lost: please try again shortly.",
  },
);

/** The one routing table: intent name -> feature handler. No platform code. */
export class Router {
  private readonly commands = new Map<string, CommandHandler>();
  private readonly actions = new Map<string, ActionHandler>();
  private readonly submissions = new Map<string, SubmissionHandler>();
  private readonly pages = new Map<string, PageHandler>();

  constructor(
    parts: Routes[],
    /** The usage text, shown for `/knoop help`, a bare `/knoop` and unknown commands. */
    private readonly usage: (ctx: Context) => Reply,
  ) {
    for (const part of parts) {
      add(this.commands, part.commands);
      add(this.actions, part.actions);
      add(this.submissions, part.submissions);
      add(this.pages, part.pages);
    }
  }

  async handle(ctx: Context, intent: Intent): Promise<Reply> {
    const t = texts(ctx.actor.locale);
    try {
      switch (intent.kind) {
        case "command": {
          // Commands are words, not data: `/knoop CASUS LIJST` is `/knoop casus lijst` for every
          // handler (case codes are read in any case too).
          const [word, ...rest] = intent.args.map((arg) => arg.toLowerCase());
          const handler = word ? this.commands.get(word) : undefined;
          if (handler) return await handler(ctx, rest);
          const usage = this.usage(ctx);
          if (!word || word === "help" || usage.type !== "message") return usage;
          return {
            type: "message",
            message: message(text(t.unknownCommand({ word })), ...upgrade(usage.message).blocks),
          };
        }
        case "action": {
          const handler = this.actions.get(intent.name);
          if (!handler) return refusal({ type: "message", message: say(t.unknownAction) });
          return await handler(ctx, intent.value);
        }
        case "submission": {
          const handler = this.submissions.get(intent.name);
          if (!handler) return refusal({ type: "message", message: say(t.unknownAction) });
          return await handler(ctx, intent.values, intent.context);
        }
        case "page": {
          const handler = this.pages.get(intent.name);
          if (!handler) return refusal({ type: "message", message: say(t.unknownAction) });
          return await handler(ctx);
        }
      }
    } catch (error) {
      // Nothing was done: a retry of the same intent must be handled again (see dedupe.ts).
      if (error instanceof UserError) return refusal({ type: "message", message: say(error.text) });
      ctx.logger.error({ err: error, intent: describe(intent), actor: ctx.actor.personId }, "handler failed");
      return refusal({ type: "message", message: say(t.failed) });
    }
  }

  /** The names this router knows (for surfaces that register actions up front). */
  names(): { commands: string[]; actions: string[]; submissions: string[]; pages: string[] } {
    return {
      commands: [...this.commands.keys()],
      actions: [...this.actions.keys()],
      submissions: [...this.submissions.keys()],
      pages: [...this.pages.keys()],
    };
  }
}

function add<H>(into: Map<string, H>, from: Record<string, H> | undefined): void {
  for (const [name, handler] of Object.entries(from ?? {})) {
    if (into.has(name)) throw new Error(`route ${name} registered twice`);
    into.set(name, handler);
  }
}

/** An intent for the log, without form values (they may hold pupil details). */
function describe(intent: Intent): string {
  return intent.kind === "command" ? `command ${intent.args[0] ?? ""}` : `${intent.kind} ${intent.name}`;
}
