import { expect, it } from "vitest";
import { personChoices, withMemberChoices } from "../../src/chat/person-choices.ts";
import type { Field, FormView } from "../../src/chat/views.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { createWorld } from "../support/world.ts";

const TENANT = "tenant-1";
const user = { platform: "teams" as const, workspaceId: TENANT, userId: "aad-ib" };

/** People picks filled from a conversation's members, mapped through ChatIdentity. */
describeEachDatabase("person choices from a conversation's members", (get) => {
  it("a person pick offers only members who are one of the feature's persons; an account pick only unknown members", async () => {
    const { db } = get();
    const world = await createWorld(db);
    for (const who of ["ib", "jgz", "leerplicht"] as const)
      await db.chatIdentity.create({
        data: { platform: "teams", workspaceId: TENANT, userId: `aad-${who}`, personId: world.people[who] },
      });
    // The same object id in another tenant is someone else.
    await db.chatIdentity.create({
      data: { platform: "teams", workspaceId: "other", userId: "aad-new", personId: world.people.buurtteam },
    });
    const members = [
      { userId: "aad-ib", name: "Ilse Bakker" },
      { userId: "aad-jgz", name: "Jasmijn Gerritsen" },
      { userId: "aad-new", name: "Nieuw Lid" },
    ];
    const partners: Field = {
      name: "people",
      label: "Wie",
      kind: "multiselect",
      pick: "person",
      options: [
        { value: world.people.jgz, label: "Jasmijn Gerritsen (jgz)" },
        { value: world.people.leerplicht, label: "Lotte Peters (leerplicht)" },
        { value: world.people.buurtteam, label: "Bas Timmermans (buurtteam)" },
      ],
    };
    // jgz is a member and may be added; leerplicht may be added but is not in this chat; the
    // buurtteam's account lives in another tenant; ib is in the chat but not a choice of the feature.
    expect(await personChoices(db, user, partners, members)).toEqual([
      { value: world.people.jgz, label: "Jasmijn Gerritsen (jgz)" },
    ]);
    // Nobody in this chat may be added (all in the case already): the feature's own choices stay.
    const onlyIb = [{ userId: "aad-ib", name: "Ilse Bakker" }];
    expect(await personChoices(db, user, partners, onlyIb)).toEqual(partners.options);
    const account: Field = {
      name: "account",
      label: "Account",
      kind: "person",
      pick: "account",
      options: [],
    };
    expect(await personChoices(db, user, account, members)).toEqual([
      { value: "aad-new", label: "Nieuw Lid" },
    ]);
    const plain: Field = { name: "x", label: "X", kind: "select", options: [{ value: "a", label: "A" }] };
    const form: FormView = { id: "f", title: "F", submitLabel: "OK", fields: [plain, account] };
    const filled = await withMemberChoices(db, user, form, members);
    expect(filled.fields[0]).toBe(plain);
    expect(filled.fields[1]?.options).toEqual([{ value: "aad-new", label: "Nieuw Lid" }]);
  });
});
