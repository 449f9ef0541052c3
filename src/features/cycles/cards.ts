/** A prompt DM shows what is true now: when one of the schools it lists is answered, the card is
 * updated in place (through `updateMessage`: still queued, it is rewritten; sent, an `update` goes
 * out) with that school marked answered, its button gone and the progress counted again. */
import type { Tx } from "../../store/client.ts";
import { updateMessage } from "../messages.ts";
import { dateIn } from "./dates.ts";
import type { CycleMoment } from "./moments.ts";
import { type PromptKind, promptMessage } from "./prompt-view.ts";

export async function refreshPromptCards(
  tx: Tx,
  p: {
    instanceId: string;
    moment: CycleMoment;
    now: Date;
    timeZone: string;
    /** The names of the subjects (service.ts `subjectNames`, passed in: the service calls this). */
    names: (rows: { subjectKind: string; subjectId: string }[]) => Promise<Map<string, string>>;
  },
): Promise<void> {
  const { instanceId, moment, now, timeZone } = p;
  const answered = await tx.cycleInstance.findUnique({ where: { id: instanceId } });
  if (!answered) return;
  const today = dateIn(now, timeZone);
  // The scheduled prompts that listed it (staff reminders are a click's own message).
  const prompts = await tx.cyclePrompt.findMany({
    where: {
      instanceId,
      sent: true,
      personId: { not: null },
      NOT: { step: { startsWith: "staff-remind-" } },
    },
  });
  for (const prompt of prompts) {
    // The other schools of the same DM: logged with it, for the same person, step and instant.
    const siblings = await tx.cyclePrompt.findMany({
      where: { personId: prompt.personId, step: prompt.step, sentAt: prompt.sentAt, sent: true },
      include: { instance: true },
    });
    const same = siblings.filter(
      (s) => s.instance.momentKey === answered.momentKey && s.instance.periodKey === answered.periodKey,
    );
    const listed = same.map((s) => s.instance);
    // The DM's key is the step key of one of them (its first school's).
    const card = await tx.outboxMessage.findFirst({
      where: { idempotencyKey: { in: same.map((s) => s.key) } },
      select: { idempotencyKey: true },
    });
    if (!card) continue;
    const names = await p.names(listed);
    const kind: PromptKind = prompt.step.startsWith("later-") ? "later" : (prompt.step as PromptKind);
    // Progress: the owner's instances of this check-in; for an escalation, the schools it listed.
    const mine =
      kind === "escalate"
        ? listed
        : await tx.cycleInstance.findMany({
            where: {
              swvId: answered.swvId,
              momentKey: answered.momentKey,
              periodKey: answered.periodKey,
              ownerId: prompt.personId,
            },
          });
    const person = await tx.person.findUnique({
      where: { id: prompt.personId ?? "" },
      select: { locale: true },
    });
    const items = listed
      .map((i) => ({
        instanceId: i.id,
        school: names.get(i.subjectId) ?? "",
        overdue: today > i.dueOn,
        answered: i.state === "answered" || i.state === "waived",
      }))
      .sort((a, b) => a.school.localeCompare(b.school, "nl"));
    const view = promptMessage({
      locale: person?.locale === "en" ? "en" : "nl",
      timeZone,
      kind,
      moment,
      periodKey: answered.periodKey,
      due: listed[0]?.dueOn ?? answered.dueOn,
      items,
      progress: {
        answered: mine.filter((i) => i.state === "answered" || i.state === "waived").length,
        total: mine.length,
      },
    });
    await updateMessage(tx, now, card.idempotencyKey, `${card.idempotencyKey}:answered:${instanceId}`, view);
  }
}
