/** For the cases feature: a thuiszitter record to prefill the case form from, and the link back. */
import type { Context } from "../../chat/router.ts";
import { AccessDenied } from "../../core/errors.ts";
import { linkCase, recordFor } from "./service.ts";
import { thuiszitterTexts } from "./texts.ts";

/** The record if the actor may open a case for it (an IB'er or the consultant of its school), the
 * read audited; otherwise "geen toegang". */
export async function thuiszitterForCase(ctx: Context, id: string) {
  const row = await recordFor(ctx.db, ctx.actor, id, ctx.clock.now(), "case.openFromThuiszitter");
  if (!row) throw new AccessDenied(thuiszitterTexts(ctx.actor.locale).noAccess);
  return row;
}

/** The case form's context when opened from a record: "thuiszitter:<id>". */
export const FROM_THUISZITTER = "thuiszitter:";

/** After the case was created: the record keeps its code. */
export async function caseOpenedFor(ctx: Context, id: string, code: string) {
  await linkCase(ctx.db, ctx.actor, await thuiszitterForCase(ctx, id), code, ctx.clock.now());
}
