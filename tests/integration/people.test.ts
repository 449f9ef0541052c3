import { expect, it } from "vitest";
import { handleIntent } from "../../src/chat/core.ts";
import {
  buttonsOf,
  type FormValues,
  type FormView,
  factsOf,
  headingOf,
  type MessageView,
  type Reply,
  say,
  tableOf,
  textOf,
} from "../../src/chat/views.ts";
import type { Db } from "../../src/store/client.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { type CastKey, cast, createWorld, type World } from "../support/world.ts";

/** createWorld picks a random SWV code; should it clash with an earlier world in this database, try again. */
async function newWorld(db: Db): Promise<World> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await createWorld(db);
    } catch (error) {
      if (attempt === 5) throw error;
    }
  }
}

function message(reply: Reply): MessageView {
  if (reply.type !== "message" && reply.type !== "done")
    throw new Error(`expected a message, got ${reply.type}`);
  return reply.message ?? say();
}

function form(reply: Reply): FormView {
  if (reply.type !== "form" && reply.type !== "invalid")
    throw new Error(`expected a form, got ${reply.type}`);
  return reply.form;
}

/** Each field's error, for fields that have one. */
const errors = (f: FormView) =>
  Object.fromEntries(f.fields.filter((x) => x.error).map((x) => [x.name, x.error]));
const value = (f: FormView, name: string) => f.fields.find((x) => x.name === name)?.value;
const optionValues = (f: FormView, name: string) =>
  f.fields.find((x) => x.name === name)?.options?.map((o) => o.value);

const submit = (world: World, who: CastKey, name: string, values: FormValues) =>
  world.as(who, { kind: "submission", name, values });
const click = (world: World, who: CastKey, name: string) =>
  world.as(who, { kind: "action", name, value: "" });

async function workspaceOf(world: World): Promise<string> {
  return (await world.db.workspace.findFirstOrThrow({ where: { swvId: world.swvId } })).externalId;
}

/** Adds chat accounts without a person to the world's directory (as the sandbox has). */
function addAccounts(world: World, accounts: Record<string, string>): void {
  const all = { ...Object.fromEntries(Object.entries(cast).map(([id, p]) => [id, p.name])), ...accounts };
  world.core.directory = {
    users: async () => Object.entries(all).map(([userId, name]) => ({ userId, name })),
    displayName: async (_w, userId) => all[userId] ?? null,
  };
}

const auditActions = async (world: World) =>
  (await world.db.auditEntry.findMany({ where: { swvId: world.swvId }, orderBy: { createdAt: "asc" } })).map(
    (a) => ({ action: a.action, entity: a.entity, actorId: a.actorId, surface: a.surface, detail: a.detail }),
  );

describeEachDatabase("people: /knoop ik and /knoop beheer", (get) => {
  it("/knoop ik shows your roles with the SWV's names, per school or the whole SWV", async () => {
    const world = await newWorld(get().db);
    const outsider = message(await world.as("outsider", { kind: "command", args: ["ik"] }));
    expect(textOf(outsider)).toContain("Olaf Janssen");
    expect(textOf(outsider)).toContain("SWV Testregio");
    expect(tableOf(outsider)).toEqual({
      columns: ["Rol", "Waar"],
      rows: [
        ["IB'er", "Het Kompas (SITTARD)"],
        ["Leerplichtambtenaar", "Het Kompas (SITTARD)"],
      ],
    });
    const consultant = message(await world.as("consultant", { kind: "command", args: ["ik"] }));
    expect(tableOf(consultant)?.rows).toEqual([
      ["Consultant passend onderwijs", "Heel het samenwerkingsverband"],
    ]);
    const usage = message(await world.as("ib", { kind: "command", args: ["ik", "extra"] }));
    expect(textOf(usage)).toContain("Gebruik: /knoop ik");
  });

  it("/knoop beheer is for beheerders only: others are told who the beheerders are, also for buttons and forms", async () => {
    const world = await newWorld(get().db);
    for (const reply of [
      await world.as("ib", { kind: "command", args: ["beheer"] }),
      await click(world, "consultant", "people.assign"),
      await submit(world, "directeur", "people.routing", { verzuim: "jgz" }),
    ]) {
      expect(textOf(message(reply))).toContain("alleen voor beheerders");
      expect(textOf(message(reply))).toContain("Britt Hendriks");
    }
    expect(
      await world.db.signalRoute.findFirst({ where: { swvId: world.swvId, domain: "verzuim" } }),
    ).toMatchObject({
      roleKey: "leerplicht",
    });

    const admin = message(await world.as("beheerder", { kind: "command", args: ["beheer"] }));
    expect(headingOf(admin)).toBe("Beheer: SWV Testregio");
    expect(buttonsOf(admin)?.map((b) => b.label)).toEqual([
      "Persoon toevoegen",
      "Rol toekennen",
      "Rol intrekken",
      "Routering",
      "Rolnamen",
    ]);
    expect(factsOf(admin)).toContainEqual({ label: "Verzuim", value: "Leerplichtambtenaar" });
    expect(factsOf(admin)).toContainEqual({ label: "Mensen", value: String(Object.keys(cast).length) });
    for (const button of buttonsOf(admin) ?? [])
      expect((await click(world, "beheerder", button.action)).type).toBe("form");
  });

  it("adds a person by picking a chat account: the account is then known, with a welcome DM, audited", async () => {
    const world = await newWorld(get().db);
    addAccounts(world, { nina: "Nina de Vries", otto: "Otto Maas" });
    const add = form(await click(world, "beheerder", "people.add"));
    expect(add.fields.find((f) => f.name === "account")?.kind).toBe("person");
    expect(optionValues(add, "account")).toEqual(["nina", "otto"]); // linked accounts are left out
    expect(optionValues(add, "scope")).toEqual(["swv", world.schools.A, world.schools.B]);

    const done = await submit(world, "beheerder", "people.add", {
      account: "nina",
      name: "",
      email: "nina@regenboog.nl",
      role: "ib",
      scope: world.schools.A,
    });
    expect(done).toEqual({
      type: "done",
      message: say("Nina de Vries is toegevoegd en krijgt een welkomstbericht."),
    });

    const user = { platform: "sandbox" as const, workspaceId: await workspaceOf(world), userId: "nina" };
    const me = message(
      await handleIntent(world.core, user, { kind: "dm", id: "dm:nina" }, { kind: "command", args: ["ik"] }),
    );
    expect(textOf(me)).toContain("Nina de Vries");
    expect(tableOf(me)?.rows).toEqual([["IB'er", "De Regenboog (SITTARD)"]]);
    const nina = await world.db.person.findFirstOrThrow({ where: { displayName: "Nina de Vries" } });
    expect(nina).toMatchObject({ swvId: world.swvId, email: "nina@regenboog.nl" });

    const sent = await world.flush();
    expect(sent).toHaveLength(1);
    expect(sent[0]?.request).toMatchObject({ op: "dm", personId: nina.id });
    const dm = sent[0]?.request.op === "dm" ? textOf(sent[0].request.message) : "";
    expect(dm).toContain(
      "Welkom bij Knoop, Nina de Vries! Britt Hendriks heeft je toegevoegd aan SWV Testregio.",
    );
    expect(dm).toContain("IB'er (De Regenboog (SITTARD))");
    expect(dm).toContain("/knoop help");

    expect(await auditActions(world)).toEqual([
      expect.objectContaining({
        action: "person.add",
        entity: "person",
        actorId: world.people.beheerder,
        surface: "sandbox",
      }),
      expect.objectContaining({ action: "role.assign", entity: "role", actorId: world.people.beheerder }),
    ]);
    // Nina is linked now: the next form no longer offers her account.
    expect(optionValues(form(await click(world, "beheerder", "people.add")), "account")).toEqual(["otto"]);
  });

  it("the add form rejects bad input with a Dutch message at the field and keeps the values", async () => {
    const world = await newWorld(get().db);
    addAccounts(world, { nina: "Nina de Vries" });
    const cases: [FormValues, Record<string, string>][] = [
      [
        { account: "", email: "geen-mail" },
        { account: "Kies een chataccount.", email: expect.stringContaining("geldig e-mailadres") },
      ],
      [{ account: "nina", name: "x".repeat(101) }, { name: "Maximaal 100 tekens." }],
      [
        { account: "nina", role: "beheerder", scope: world.schools.A },
        { scope: expect.stringContaining("heel het samenwerkingsverband") },
      ],
      [{ account: "nina", role: "tovenaar" }, { role: "Kies een waarde uit de lijst." }],
      // A school role needs its school: an IB'er of the whole SWV would see every school's pupils.
      [{ account: "nina", role: "ib" }, { scope: expect.stringContaining("Kies de school") }],
      [{ account: "nina", role: "ib", scope: "" }, { scope: expect.stringContaining("Kies de school") }],
      [{ account: "ib" }, { account: "Dit chataccount is al gekoppeld aan een persoon in Knoop." }],
      [{ account: "ghost" }, { account: expect.stringContaining("onbekend") }],
    ];
    for (const [values, expected] of cases) {
      const reply = await submit(world, "beheerder", "people.add", {
        name: "",
        email: "",
        role: "",
        scope: "swv",
        ...values,
      });
      expect(reply.type).toBe("invalid");
      expect(errors(form(reply))).toEqual(expected);
      for (const [name, v] of Object.entries(values)) expect(value(form(reply), name)).toBe(v);
    }
    expect(await world.db.person.count({ where: { swvId: world.swvId } })).toBe(Object.keys(cast).length);
    expect(await auditActions(world)).toEqual([]);
  });

  it("a school role needs a school in every form; the add form has no default scope", async () => {
    const world = await newWorld(get().db);
    const add = form(await click(world, "beheerder", "people.add"));
    expect(value(add, "scope")).toBeUndefined();
    const assign = form(await click(world, "beheerder", "people.assign"));
    expect(value(assign, "scope")).toBeUndefined();
    const wide = await submit(world, "beheerder", "people.assign", {
      person: world.people.jgz,
      role: "directeur",
      scope: "swv",
    });
    expect(errors(form(wide))).toEqual({ scope: expect.stringContaining("Kies de school") });
    expect(
      await world.db.roleAssignment.count({ where: { personId: world.people.jgz, role: "directeur" } }),
    ).toBe(0);
  });

  it("granting case-reader, even to oneself, is audited as sensitive and every other beheerder is told", async () => {
    const world = await newWorld(get().db);
    await submit(world, "beheerder", "people.assign", {
      person: world.people.consultant,
      role: "beheerder",
      scope: "swv",
    });
    await world.flush();
    const self = await submit(world, "beheerder", "people.assign", {
      person: world.people.beheerder,
      role: "case-reader",
      scope: "swv",
    });
    expect(self.type).toBe("done");
    const sent = await world.flush();
    const told = sent.filter((d) => d.request.op === "dm" && d.key.includes(":sensitive:"));
    expect(told.map((d) => (d.request.op === "dm" ? d.request.personId : ""))).toEqual([
      world.people.consultant,
    ]);
    expect(JSON.stringify(told[0]?.request)).toContain("Britt Hendriks heeft Britt Hendriks de rol");
    expect(JSON.stringify(told[0]?.request)).toContain("elke casus");
    expect((await auditActions(world)).map((a) => a.action)).toContain("role.assign.sensitive");
  });

  it("assigns and removes roles; a duplicate and removing the last beheerder are refused at the field", async () => {
    const world = await newWorld(get().db);
    const assign = { person: world.people.ib, role: "jgz", scope: world.schools.B };
    expect(await submit(world, "beheerder", "people.assign", assign)).toEqual({
      type: "done",
      message: say("Ilse Bakker heeft nu de rol Jeugdverpleegkundige / jeugdarts voor Het Kompas (SITTARD)."),
    });
    const granted = await world.db.roleAssignment.findFirstOrThrow({
      where: { personId: world.people.ib, role: "jgz" },
    });
    expect(granted.schoolId).toBe(world.schools.B);

    const again = await submit(world, "beheerder", "people.assign", assign);
    expect(errors(form(again))).toEqual({
      role: "Ilse Bakker heeft de rol Jeugdverpleegkundige / jeugdarts al voor Het Kompas (SITTARD).",
    });
    expect(value(form(again), "scope")).toBe(world.schools.B);
    const empty = await submit(world, "beheerder", "people.assign", {
      person: "",
      role: "jgz",
      scope: "swv",
    });
    expect(errors(form(empty))).toEqual({ person: "Kies een waarde uit de lijst." });

    const remove = form(await click(world, "beheerder", "people.remove"));
    expect(remove.fields[0]?.options).toContainEqual({
      value: granted.id,
      label: "Ilse Bakker: Jeugdverpleegkundige / jeugdarts, Het Kompas (SITTARD)",
    });
    expect(
      textOf(message(await submit(world, "beheerder", "people.remove", { assignment: granted.id }))),
    ).toBe("Ilse Bakker heeft de rol Jeugdverpleegkundige / jeugdarts voor Het Kompas (SITTARD) niet meer.");
    expect(await world.db.roleAssignment.findUnique({ where: { id: granted.id } })).toBeNull();

    const admin = await world.db.roleAssignment.findFirstOrThrow({
      where: { swvId: world.swvId, role: "beheerder" },
    });
    const last = await submit(world, "beheerder", "people.remove", { assignment: admin.id });
    expect(errors(form(last))).toEqual({ assignment: expect.stringContaining("laatste beheerder") });
    expect(value(form(last), "assignment")).toBe(admin.id);
    await submit(world, "beheerder", "people.assign", {
      person: world.people.consultant,
      role: "beheerder",
      scope: "swv",
    });
    expect((await submit(world, "beheerder", "people.remove", { assignment: admin.id })).type).toBe("done");
    expect(textOf(message(await world.as("beheerder", { kind: "command", args: ["beheer"] })))).toContain(
      "Carla Smeets",
    );

    expect((await auditActions(world)).map((a) => [a.action, a.entity, a.actorId])).toEqual([
      ["role.assign", "role", world.people.beheerder],
      ["role.remove", "role", world.people.beheerder],
      ["role.assign", "role", world.people.beheerder],
      ["role.remove", "role", world.people.beheerder],
    ]);
  });

  it("the routing form changes SignalRoute, refuses board members and empty values, and is audited", async () => {
    const world = await newWorld(get().db);
    const routing = form(await click(world, "beheerder", "people.routing"));
    expect(routing.fields.map((f) => [f.name, f.value])).toEqual([
      ["verzuim", "leerplicht"],
      ["gezondheid", "jgz"],
      ["gezin", "buurtteam"],
      ["schoolloopbaan", "swv-consultant"],
    ]);
    expect(optionValues(routing, "verzuim")).not.toContain("bestuur");
    const current = Object.fromEntries(routing.fields.map((f) => [f.name, f.value as string]));

    const bad = await submit(world, "beheerder", "people.routing", {
      ...current,
      verzuim: "bestuur",
      gezin: "",
    });
    expect(errors(form(bad))).toEqual({
      verzuim: "Kies een waarde uit de lijst.",
      gezin: "Kies een waarde uit de lijst.",
    });
    expect(value(form(bad), "verzuim")).toBe("bestuur");

    expect(textOf(message(await submit(world, "beheerder", "people.routing", current)))).toBe(
      "Er is niets gewijzigd.",
    );
    const saved = await submit(world, "beheerder", "people.routing", { ...current, verzuim: "jgz" });
    expect(textOf(message(saved))).toBe("De routering is opgeslagen.");
    expect(
      await world.db.signalRoute.findFirst({ where: { swvId: world.swvId, domain: "verzuim" } }),
    ).toMatchObject({
      roleKey: "jgz",
    });
    expect(await auditActions(world)).toEqual([
      expect.objectContaining({
        action: "routing.update",
        entity: "settings",
        detail: "verzuim: leerplicht -> jgz",
      }),
    ]);
  });

  it("the role names form: non-empty, at most 60 characters, unique; new names show everywhere", async () => {
    const world = await newWorld(get().db);
    const names = form(await click(world, "beheerder", "people.names"));
    const current = Object.fromEntries(names.fields.map((f) => [f.name, f.value as string]));
    expect(current.ib).toBe("IB'er");

    const bad = await submit(world, "beheerder", "people.names", {
      ...current,
      ib: " ",
      jgz: "x".repeat(61),
      directeur: "leerplichtambtenaar",
    });
    expect(errors(form(bad))).toEqual({
      ib: "Vul dit in.",
      jgz: "Maximaal 60 tekens.",
      directeur: "Deze naam heeft de rol leerplicht al.",
    });
    expect(value(form(bad), "jgz")).toBe("x".repeat(61));

    const saved = await submit(world, "beheerder", "people.names", { ...current, ib: "Intern begeleider" });
    expect(textOf(message(saved))).toBe("De rolnamen zijn opgeslagen.");
    const me = message(await world.as("ib", { kind: "command", args: ["ik"] }));
    expect(tableOf(me)?.rows).toEqual([["Intern begeleider", "De Regenboog (SITTARD)"]]);
    expect(await auditActions(world)).toEqual([
      expect.objectContaining({
        action: "roles.rename",
        entity: "settings",
        detail: "ib: IB'er -> Intern begeleider",
      }),
    ]);
  });

  it("refuses another SWV's people, schools and role assignments, even as crafted values", async () => {
    const world = await newWorld(get().db);
    const other = await newWorld(get().db);
    const pick = "Kies een waarde uit de lijst.";
    const cases: [string, FormValues, Record<string, string>][] = [
      ["people.assign", { person: other.people.ib, role: "jgz", scope: "swv" }, { person: pick }],
      ["people.assign", { person: world.people.ib, role: "ib", scope: other.schools.A }, { scope: pick }],
      ["people.add", { account: "nina", role: "ib", scope: other.schools.B }, { scope: pick }],
    ];
    addAccounts(world, { nina: "Nina de Vries" });
    const otherAdmin = await other.db.roleAssignment.findFirstOrThrow({
      where: { swvId: other.swvId, role: "beheerder" },
    });
    cases.push(["people.remove", { assignment: otherAdmin.id }, { assignment: pick }]);
    for (const [name, values, expected] of cases) {
      const reply = await submit(world, "beheerder", name, values);
      expect(errors(form(reply))).toEqual(expected);
    }
    expect(optionValues(form(await click(world, "beheerder", "people.assign")), "person")).not.toContain(
      other.people.ib,
    );
    expect(await world.db.roleAssignment.count({ where: { swvId: other.swvId } })).toBe(
      Object.values(cast).reduce((n, p) => n + p.roles.length, 0),
    );
    expect(
      await world.db.roleAssignment.count({ where: { personId: other.people.ib, schoolId: null } }),
    ).toBe(0);
    expect(await world.db.auditEntry.count({ where: { swvId: { in: [world.swvId, other.swvId] } } })).toBe(0);
  });
});
