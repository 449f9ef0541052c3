/** `/knoop digest [maand|kwartaal|schooljaar] [bestuur NUMMER] [periode]` for board members and
 * SWV staff (others are refused, audited), and `/knoop digest abonneer|opzeggen maand|kwartaal
 * [bestuur NUMMER]` for a beheerder in the board channel. */
import type { Actor } from "../../chat/intents.ts";
import type { Context, Routes } from "../../chat/router.ts";
import { type Reply, say } from "../../chat/views.ts";
import { sendDm } from "../../jobs/outbox.ts";
import { audit } from "../audit/audit.ts";
import { dateIn } from "../cycles/dates.ts";
import { buildDigest, UnknownBoard } from "./digest.ts";
import { type DigestPeriod, lastComplete, type PeriodKind, parsePeriod, periodKinds } from "./periods.ts";
import { digestTexts } from "./texts.ts";
import { digestPosts } from "./views.ts";

const answer = (m: ReturnType<typeof say>): Reply => ({ type: "message", message: m });

/** SWV staff see every board and the details; a board member the SWV board or only their board. */
export function digestAccess(actor: Actor): { staff: boolean; swvBoard: boolean; boardSchools: string[] } {
  const staff = actor.roles.some(
    (r) => r.role === "swv-staff" || (r.role === "swv-consultant" && r.schoolId === null),
  );
  const swvBoard = actor.roles.some((r) => r.role === "bestuur" && r.schoolId === null);
  const boardSchools = actor.roles.flatMap((r) => (r.role === "bestuur" && r.schoolId ? [r.schoolId] : []));
  return { staff, swvBoard, boardSchools };
}

interface Parsed {
  kind: PeriodKind;
  board: string | null;
  period: string | null;
}

function parseArgs(args: string[]): Parsed | null {
  const out: Parsed = { kind: "maand", board: null, period: null };
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? "";
    if ((periodKinds as string[]).includes(a)) out.kind = a as PeriodKind;
    else if (a === "bestuur") {
      const n = args[++i];
      if (!n || !/^\d+$/.test(n)) return null;
      out.board = n;
    } else if (/^\d{4}-/.test(a)) out.period = a;
    else return null;
  }
  return out;
}

async function show(ctx: Context, args: string[]): Promise<Reply> {
  const { actor } = ctx;
  const t = digestTexts(actor.locale);
  const now = ctx.clock.now();
  const access = digestAccess(actor);
  const parsed = parseArgs(args);
  if (!parsed) return answer(say(t.usage));
  const allowed = access.staff || access.swvBoard || access.boardSchools.length > 0;
  const period: DigestPeriod | null = parsed.period
    ? parsePeriod(parsed.period)
    : lastComplete(parsed.kind, dateIn(now, ctx.timezone));
  if (!period) return answer(say(t.badPeriod({ value: parsed.period ?? "" })));

  // A member of one school board only sees that board's digest.
  let board = parsed.board;
  if (allowed && !access.staff && !access.swvBoard) {
    const schools = await ctx.db.school.findMany({
      where: { id: { in: access.boardSchools } },
      select: { board: { select: { duoNumber: true } } },
    });
    const own = [...new Set(schools.map((s) => s.board.duoNumber))];
    if (board && !own.includes(board)) {
      await refuse(ctx, period.key, `board:${board}`);
      return answer(say(t.boardOnly({ number: own[0] ?? "" })));
    }
    board = board ?? own[0] ?? null;
  }
  if (!allowed) {
    await refuse(ctx, period.key, board ? `board:${board}` : "swv");
    return answer(say(t.refused));
  }
  let digest: Awaited<ReturnType<typeof buildDigest>>;
  try {
    digest = await buildDigest(ctx.db, {
      swvId: actor.swvId,
      period,
      boardNumber: board,
      timeZone: ctx.timezone,
      locale: actor.locale,
      perSchool: access.staff,
    });
  } catch (error) {
    if (error instanceof UnknownBoard) return answer(say(t.unknownBoard({ number: board ?? "" })));
    throw error;
  }
  await audit(ctx.db, actor, actor.swvId, now, {
    access: "read",
    entity: "digest",
    entityId: `${period.key}:${board ?? "swv"}`,
    action: "digest.show",
  });
  // SWV staff get the details table and the CSV file in their DM, paged like a post (part 1 keeps
  // the key, part n gets `:deel-n`; one transaction, so the parts go out in order).
  if (access.staff && ctx.place.kind !== "dm") {
    const key = `digest:details:${actor.personId}:${period.key}:${board ?? "swv"}:${now.getTime()}`;
    const parts = digestPosts(digest, actor.locale, true);
    await ctx.db.$transaction(async (tx) => {
      for (const [i, view] of parts.entries())
        await sendDm(tx, now, i === 0 ? key : `${key}:deel-${i + 1}`, actor.personId, view);
    });
    ctx.notify();
  }
  // The answer is paged exactly as the post would be: one message, or its parts in order.
  const parts = digestPosts(digest, actor.locale, access.staff && ctx.place.kind === "dm");
  const [only] = parts;
  return parts.length === 1 && only ? { type: "message", message: only } : { type: "page", messages: parts };
}

function refuse(ctx: Context, periodKey: string, what: string) {
  return audit(ctx.db, ctx.actor, ctx.actor.swvId, ctx.clock.now(), {
    access: "read",
    entity: "digest",
    entityId: `${periodKey}:${what}`,
    action: "digest.show.denied",
  });
}

async function subscribe(ctx: Context, args: string[], on: boolean): Promise<Reply> {
  const { actor } = ctx;
  const t = digestTexts(actor.locale);
  const now = ctx.clock.now();
  if (!actor.roles.some((r) => r.role === "beheerder")) {
    await audit(ctx.db, actor, actor.swvId, now, {
      access: "write",
      entity: "digest-subscription",
      entityId: ctx.place.id,
      action: "digest.subscribe.denied",
    });
    return answer(say(t.subscribeOnlyAdmin));
  }
  if (ctx.place.kind !== "channel") return answer(say(t.subscribeInChannel));
  const [cadence, word, number] = args;
  if (
    (cadence !== "maand" && cadence !== "kwartaal") ||
    (word !== undefined && (word !== "bestuur" || !number || !/^\d+$/.test(number)))
  )
    return answer(say(t.usage));
  if (!on) {
    const gone = await ctx.db.digestSubscription.deleteMany({ where: { channelId: ctx.place.id, cadence } });
    await audit(ctx.db, actor, actor.swvId, now, {
      access: "write",
      entity: "digest-subscription",
      entityId: ctx.place.id,
      action: "digest.unsubscribe",
      detail: cadence,
    });
    return answer(say(gone.count ? t.unsubscribed({ cadence }) : t.notSubscribed));
  }
  let boardId: string | null = null;
  let audience = (await ctx.db.swv.findUniqueOrThrow({ where: { id: actor.swvId } })).name;
  if (number) {
    const board = await ctx.db.board.findUnique({ where: { duoNumber: number } });
    const has = board && (await ctx.db.school.count({ where: { swvId: actor.swvId, boardId: board.id } }));
    if (!board || !has) return answer(say(t.unknownBoard({ number })));
    boardId = board.id;
    audience = t.boardAudience({ name: board.name, number });
  }
  await ctx.db.$transaction(async (tx) => {
    await tx.digestSubscription.upsert({
      where: { channelId_cadence: { channelId: ctx.place.id, cadence } },
      create: {
        swvId: actor.swvId,
        channelId: ctx.place.id,
        cadence,
        boardId,
        createdById: actor.personId,
        createdAt: now,
      },
      update: { boardId },
    });
    await audit(tx, actor, actor.swvId, now, {
      access: "write",
      entity: "digest-subscription",
      entityId: ctx.place.id,
      action: "digest.subscribe",
      detail: `${cadence}:${number ?? "swv"}`,
    });
  });
  return { type: "message", message: say(t.subscribed({ cadence, audience })), visibility: "everyone" };
}

export const digestRoutes: Routes = {
  commands: {
    digest: (ctx, args) => {
      const [first, ...rest] = args;
      if (first === "abonneer") return subscribe(ctx, rest, true);
      if (first === "opzeggen") return subscribe(ctx, rest, false);
      return show(ctx, args);
    },
  },
};
