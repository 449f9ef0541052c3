import type { Db } from "../store/client.ts";
import type { PlatformUser } from "./identity.ts";
import type { Field, FormView, Option } from "./views.ts";

/** A chat account of the conversation a form was opened from (a member of the team or chat). */
export interface Member {
  userId: string;
  name: string;
}

/**
 * The choices of a people pick (Field.pick) when the surface knows who is in the conversation:
 * each member mapped to their Knoop person through ChatIdentity (platform, workspace, account).
 * "person": the members who are one of the persons the feature offers (its options stay the rule:
 * who may be picked, e.g. partners not yet in the case); when no member is, all of its options. "account": the members Knoop does not know
 * yet, for a feature that adds people. The feature checks the submitted value as always.
 */
export async function personChoices(
  db: Db,
  user: PlatformUser,
  field: Field,
  members: Member[],
): Promise<Option[]> {
  if (!field.pick) return field.options ?? [];
  const { platform, workspaceId } = user;
  const known = await db.chatIdentity.findMany({
    where: { platform, workspaceId, userId: { in: members.map((m) => m.userId) } },
    select: { userId: true, personId: true },
  });
  if (field.pick === "account") {
    const linked = new Set(known.map((k) => k.userId));
    return members.filter((m) => !linked.has(m.userId)).map((m) => ({ value: m.userId, label: m.name }));
  }
  const present = new Set(known.map((k) => k.personId));
  const here = (field.options ?? []).filter((o) => present.has(o.value));
  // None of the feature's choices is in this conversation (e.g. adding a partner from the case's
  // own group chat, whose members are in the case already): all of them, or nobody could be picked.
  return here.length ? here : (field.options ?? []);
}

/** The form with the choices of each people pick taken from the conversation's members. */
export async function withMemberChoices(
  db: Db,
  user: PlatformUser,
  form: FormView,
  members: Member[],
): Promise<FormView> {
  if (!form.fields.some((f) => f.pick)) return form;
  const fields = await Promise.all(
    form.fields.map(async (f) => (f.pick ? { ...f, options: await personChoices(db, user, f, members) } : f)),
  );
  return { ...form, fields };
}
