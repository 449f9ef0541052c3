/** An SWV's own school holidays from chat (beheerder): `/knoop cyclus vakanties` lists them with a
 * remove button each and an add form (region, kind, start, end), checked at the fields and audited.
 * They replace the government's range of the same kind and school year, or add one (carnival in
 * Limburg): see holidays.ts. */
import { z } from "zod";
import { crossFields, oneValue, validate } from "../../chat/forms.ts";
import type { Context, Routes } from "../../chat/router.ts";
import { buttons, type FormView, heading, message, type Reply, table, text } from "../../chat/views.ts";
import { UserError } from "../../core/errors.ts";
import { defineTexts } from "../../core/texts.ts";
import { audit } from "../audit/audit.ts";
import { addDays, isLocalDate } from "./dates.ts";
import { HOLIDAY_REGIONS } from "./holidays.ts";
import { schoolYearOf } from "./periods.ts";
import { isBeheerder } from "./staff.ts";

export const holidayActions = {
  list: "cycle.holidays",
  add: "cycle.holidayAdd",
  save: "cycle.holidaySave",
  remove: "cycle.holidayRemove",
} as const;

const holidayTexts = defineTexts(
  {
    title: "Eigen schoolvakanties van het SWV",
    intro:
      "Deze vakanties gaan vóór het advies van de overheid (zelfde soort en schooljaar: vervangen; een andere soort: erbij). Op vakantiedagen stuurt Knoop geen check-ins.",
    none: "Het SWV heeft nog geen eigen vakanties: het advies van de overheid geldt.",
    regionColumn: "Regio",
    kindColumn: "Soort",
    fromColumn: "Van",
    toColumn: "Tot en met",
    allRegions: "alle regio's",
    add: "Vakantie toevoegen",
    remove: (p: { kind: string; start: string }) => `Verwijderen: ${p.kind} ${p.start}`,
    formTitle: "Vakantie toevoegen",
    submit: "Opslaan",
    region: "Regio",
    kind: "Soort",
    kindHint: "Bijvoorbeeld carnaval of voorjaar (kleine letters, zonder spaties).",
    start: "Eerste vakantiedag",
    end: "Laatste vakantiedag",
    required: "Vul dit in.",
    badRegion: "Kies een regio uit de lijst.",
    badKind: "Geef de vakantie een soort, zoals voorjaar of carnaval (kleine letters, zonder spaties).",
    badDate: "Geen geldige datum: vul die in als JJJJ-MM-DD, bijvoorbeeld 2027-02-06.",
    endBeforeStart: "De vakantie eindigt voordat die begint: draai de data om.",
    tooLong: "Een vakantie van meer dan 8 weken is vast een tikfout: controleer de data.",
    otherYear: "Begin en einde liggen in verschillende schooljaren (die lopen van 1 augustus t/m 31 juli).",
    saved: (p: { kind: string; start: string; end: string }) =>
      `Opgeslagen: ${p.kind} van ${p.start} t/m ${p.end}.`,
    removed: (p: { kind: string; start: string }) => `Verwijderd: ${p.kind} vanaf ${p.start}.`,
    gone: "Die vakantie bestaat niet meer.",
    beheerderOnly: "Alleen een beheerder van het SWV wijzigt de vakanties.",
  },
  {
    title: "The SWV's own school holidays",
    intro:
      "These holidays go before the government's advice (same kind and school year: replaced; another kind: added). Knoop sends no check-ins on holidays.",
    none: "The SWV has no holidays of its own yet: the government's advice applies.",
    regionColumn: "Region",
    kindColumn: "Kind",
    fromColumn: "From",
    toColumn: "Up to and including",
    allRegions: "all regions",
    add: "Add a holiday",
    remove: (p) => `Remove: ${p.kind} ${p.start}`,
    formTitle: "Add a holiday",
    submit: "Save",
    region: "Region",
    kind: "Kind",
    kindHint: "For example carnaval or voorjaar (lower case, no spaces).",
    start: "First day of the holiday",
    end: "Last day of the holiday",
    required: "Fill this in.",
    badRegion: "Pick a region from the list.",
    badKind: "Give the holiday a kind, such as voorjaar or carnaval (lower case, no spaces).",
    badDate: "Not a valid date: write it as YYYY-MM-DD, e.g. 2027-02-06.",
    endBeforeStart: "The holiday ends before it starts: swap the dates.",
    tooLong: "A holiday of more than 8 weeks is surely a typo: check the dates.",
    otherYear: "Start and end are in different school years (1 August to 31 July).",
    saved: (p) => `Saved: ${p.kind} from ${p.start} up to and including ${p.end}.`,
    removed: (p) => `Removed: ${p.kind} from ${p.start}.`,
    gone: "That holiday no longer exists.",
    beheerderOnly: "Only an SWV administrator changes the holidays.",
  },
);

type T = ReturnType<typeof holidayTexts>;
const ALL = "alle";

function mustBeBeheerder(ctx: Context): T {
  const t = holidayTexts(ctx.actor.locale);
  if (!isBeheerder(ctx.actor)) throw new UserError(t.beheerderOnly);
  return t;
}

async function listView(ctx: Context, t: T, said?: string) {
  const rows = await ctx.db.cycleHoliday.findMany({
    where: { swvId: ctx.actor.swvId },
    orderBy: [{ start: "asc" }, { id: "asc" }],
  });
  return message(
    heading(t.title),
    said ? text(said) : undefined,
    text(rows.length ? t.intro : t.none),
    rows.length
      ? table({
          columns: [t.regionColumn, t.kindColumn, t.fromColumn, t.toColumn],
          rows: rows.map((r) => [r.region ?? t.allRegions, r.kind, r.start, r.end]),
        })
      : undefined,
    buttons([
      { action: holidayActions.add, label: t.add, opensForm: true, style: "primary" },
      ...rows.map((r) => ({
        action: holidayActions.remove,
        label: t.remove({ kind: r.kind, start: r.start }),
        value: r.id,
        style: "danger" as const,
      })),
    ]),
  );
}

function holidayForm(t: T): FormView {
  return {
    id: holidayActions.save,
    title: t.formTitle,
    submitLabel: t.submit,
    fields: [
      {
        name: "region",
        label: t.region,
        kind: "select",
        required: true,
        value: ALL,
        options: [
          { value: ALL, label: t.allRegions },
          ...HOLIDAY_REGIONS.map((r) => ({ value: r, label: r })),
        ],
      },
      { name: "kind", label: t.kind, kind: "text", required: true, maxLength: 31, hint: t.kindHint },
      { name: "start", label: t.start, kind: "date", required: true, placeholder: "2027-02-06" },
      { name: "end", label: t.end, kind: "date", required: true, placeholder: "2027-02-10" },
    ],
  };
}

const schema = (t: T) => {
  const day = z.preprocess(
    (v) => oneValue(v).trim(),
    z.string().min(1, t.required).refine(isLocalDate, t.badDate),
  );
  return z
    .object({
      region: z.preprocess(oneValue, z.enum(["alle", "noord", "midden", "zuid"], { error: t.badRegion })),
      kind: z.preprocess(
        (v) => oneValue(v).trim().toLowerCase(),
        z
          .string()
          .min(1, t.required)
          .regex(/^[a-z][a-z-]{0,30}$/, t.badKind),
      ),
      start: day,
      end: day,
    })
    .superRefine((v, ctx) => {
      if (v.end < v.start) ctx.addIssue({ code: "custom", path: ["end"], message: t.endBeforeStart });
      else if (v.end > addDays(v.start, 8 * 7))
        ctx.addIssue({ code: "custom", path: ["end"], message: t.tooLong });
      else if (schoolYearOf(v.start) !== schoolYearOf(v.end))
        ctx.addIssue({ code: "custom", path: ["end"], message: t.otherYear });
    }, crossFields);
};

export const holidayRoutes: Routes = {
  actions: {
    [holidayActions.list]: async (ctx): Promise<Reply> => ({
      type: "update",
      message: await listView(ctx, mustBeBeheerder(ctx)),
    }),
    [holidayActions.add]: async (ctx): Promise<Reply> => ({
      type: "form",
      form: holidayForm(mustBeBeheerder(ctx)),
    }),
    [holidayActions.remove]: async (ctx, id): Promise<Reply> => {
      const t = mustBeBeheerder(ctx);
      const row = await ctx.db.cycleHoliday.findFirst({ where: { id, swvId: ctx.actor.swvId } });
      if (!row) return { type: "update", message: await listView(ctx, t, t.gone) };
      await ctx.db.$transaction(async (tx) => {
        await tx.cycleHoliday.delete({ where: { id: row.id } });
        await audit(tx, ctx.actor, ctx.actor.swvId, ctx.clock.now(), {
          access: "write",
          entity: "settings",
          entityId: row.id,
          action: "cycle.holiday.remove",
        });
      });
      return { type: "update", message: await listView(ctx, t, t.removed(row)) };
    },
  },
  submissions: {
    [holidayActions.save]: async (ctx, values): Promise<Reply> => {
      const t = mustBeBeheerder(ctx);
      const checked = validate(holidayForm(t), values, schema(t));
      if (!checked.ok) return checked.reply;
      const { region, kind, start, end } = checked.data;
      await ctx.db.$transaction(async (tx) => {
        const row = await tx.cycleHoliday.create({
          data: {
            swvId: ctx.actor.swvId,
            region: region === ALL ? null : region,
            schoolYear: schoolYearOf(start),
            kind,
            start,
            end,
          },
        });
        await audit(tx, ctx.actor, ctx.actor.swvId, ctx.clock.now(), {
          access: "write",
          entity: "settings",
          entityId: row.id,
          action: "cycle.holiday.add",
        });
      });
      return { type: "done", message: await listView(ctx, t, t.saved({ kind, start, end })) };
    },
  },
  commands: {},
};

/** `/knoop cyclus vakanties`. */
export async function holidaysReply(ctx: Context): Promise<Reply> {
  return { type: "message", message: await listView(ctx, mustBeBeheerder(ctx)), visibility: "private" };
}
