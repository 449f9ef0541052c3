import { expect, it } from "vitest";
import { buttonsOf, fileBytes, filesOf, type MessageView, textOf } from "../../src/chat/views.ts";
import { ANONYMOUS } from "../../src/features/privacy/anonymise.ts";
import { pupilKey } from "../../src/features/privacy/inzage.ts";
import { describeEachDatabase } from "../support/databases.ts";
import {
  addPrivacyOfficer,
  caseWithHistory,
  closeSignal,
  replyText,
  reportSignal,
  thuiszitter,
} from "../support/privacy-world.ts";
import { createWorld, type World } from "../support/world.ts";

const REF = "JB 2015";
const SEE_DM = "Klaar: het resultaat staat in je privébericht van Knoop.";
const ONLY_OFFICER =
  "Alleen de privacyfunctionaris van het samenwerkingsverband kan inzage geven of gegevens wissen. Vraag een beheerder wie dat is.";
const CLOSED = {
  reason: "Reden-gesloten",
  goal: "Doel-gesloten",
  action: "Afspraak-gesloten",
  note: "Notitie-gesloten",
  evaluation: "Evaluatie-gesloten",
};
const OPEN = { reason: "Reden-open", goal: "Doel-open", action: "Afspraak-open", note: "Notitie-open" };

type Officer = Awaited<ReturnType<typeof addPrivacyOfficer>>;

const dmsTo = (delivered: Awaited<ReturnType<World["flush"]>>, personId: string): MessageView[] =>
  delivered.flatMap((d) =>
    d.request.op === "dm" && d.request.personId === personId ? [d.request.message] : [],
  );

describeEachDatabase("privacy: inzage and wissen", (get) => {
  let world: World;
  let officer: Officer;
  const ids = {} as Record<"signal" | "closedCase" | "openCase" | "tz" | "other", string>;
  let closedCode = "";
  const channel = { kind: "channel" as const, id: "channel:team" };

  it("sets up a pupil's signal, two cases and a thuiszitter record, and another pupil", async () => {
    world = await createWorld(get().db);
    officer = await addPrivacyOfficer(world);
    const s = await reportSignal(world, REF, "Signaal-tekst-geheim");
    await closeSignal(world, s.id, "Sluitnotitie-geheim");
    ids.signal = s.id;
    const closed = await caseWithHistory(world, REF, CLOSED);
    ids.closedCase = closed.id;
    closedCode = closed.code;
    ids.openCase = (await caseWithHistory(world, REF, OPEN)).id;
    ids.tz = (await thuiszitter(world, REF, "2026-09-01", "2026-11-01")).id;
    ids.other = (await reportSignal(world, "KV 2016", "Ander-kind")).id;
    await world.as("ib", { kind: "command", args: ["casus", closedCode] }); // an audited read
    await world.flush();
  });

  it("inzage: the officer gets JSON and CSV in their DM with every kind; the channel gets a pointer", async () => {
    const reply = await officer.as(
      { kind: "command", args: ["privacy", "inzage", ...REF.toLowerCase().split(" "), "onbekend"] },
      channel,
    );
    // An unknown school is told as such, in Dutch, and nothing is sent.
    expect(replyText(reply)).toContain("Die school ken ik niet");
    const { code } = officer;
    const ok = await officer.as(
      { kind: "command", args: ["privacy", "inzage", "jb", "2015", `${code}a`] },
      channel,
    );
    expect(replyText(ok)).toBe(SEE_DM);
    expect(JSON.stringify(ok)).not.toContain("2015");

    const [dm, ...more] = dmsTo(await world.flush(), officer.personId);
    expect(more).toHaveLength(0);
    expect(dm?.blocks[0]).toEqual({ kind: "heading", text: `Inzage ${REF}, De Regenboog (${code}A)` });
    const [json, csv] = filesOf(dm);
    expect(json?.mediaType).toBe("application/json");
    expect(csv?.mediaType).toBe("text/csv");
    const data = JSON.parse(Buffer.from(fileBytes(json ?? ({} as never))).toString("utf8"));
    expect(data.leerling).toBe(REF);
    expect(data.signalen.map((s: { id: string }) => s.id)).toEqual([ids.signal]);
    expect(data.signalen[0].description).toBe("Signaal-tekst-geheim");
    expect(data.signalen[0].melder).toBe("Ilse Bakker");
    expect(JSON.stringify(data.signalen[0].gebeurtenissen)).toContain("Sluitnotitie-geheim");
    expect(data.casussen.map((c: { id: string }) => c.id)).toEqual([ids.closedCase, ids.openCase]);
    const c = data.casussen[0];
    expect(c).toMatchObject({
      reason: CLOSED.reason,
      evaluation: CLOSED.evaluation,
      regisseur: "Ilse Bakker",
    });
    expect(c.deelnemers.map((p: { naam: string; rol: string }) => `${p.naam}:${p.rol}`).sort()).toEqual([
      "Ilse Bakker:ib",
      "Lotte Peters:leerplicht",
    ]);
    expect(c.doelen.map((g: { tekst: string }) => g.tekst)).toEqual([CLOSED.goal]);
    expect(c.acties.map((a: { omschrijving: string }) => a.omschrijving)).toEqual([CLOSED.action]);
    expect(c.notities.map((n: { tekst: string }) => n.tekst)).toEqual([CLOSED.note]);
    expect(c.tijdlijn.length).toBeGreaterThan(2);
    expect(c.consentDate).not.toBeNull();
    expect(data.thuiszitters.map((t: { id: string }) => t.id)).toEqual([ids.tz]);
    expect(data.thuiszitters[0].gebeurtenissen.map((e: { type: string }) => e.type)).toEqual([
      "reported",
      "ended",
    ]);
    const actions = data.audit.map((a: { actie: string }) => a.actie);
    expect(actions).toEqual(
      expect.arrayContaining(["signal.close", "case.create", "case.note.add", "case.view"]),
    );
    expect(data.audit.find((a: { actie: string }) => a.actie === "case.view").wie).toBe("Ilse Bakker");
    // The other pupil is not in it.
    expect(JSON.stringify(data)).not.toContain("KV 2016");
    expect(JSON.stringify(data)).not.toContain("Ander-kind");

    const table = Buffer.from(fileBytes(csv ?? ({} as never))).toString("utf8");
    expect(table.split("\r\n")[0]).toBe("\uFEFFonderdeel;nummer;veld;waarde");
    for (const expected of [
      `Leerling;;referentie;${REF}`,
      "Signaal;1;description;Signaal-tekst-geheim",
      `Casus;${closedCode};notities[1].tekst;${CLOSED.note}`,
      "Thuiszitter;1;endedOn;2026-11-01",
    ])
      expect(table).toContain(expected);
    expect(table).toMatch(new RegExp(`Casus;${closedCode};deelnemers\\[\\d\\]\\.naam;Lotte Peters`));

    // Audited as a read of the pupil, by its hash: never the reference.
    const row = await world.db.auditEntry.findFirstOrThrow({ where: { action: "privacy.inzage" } });
    expect(row).toMatchObject({
      entity: "pupil",
      entityId: pupilKey(world.swvId, world.schools.A, REF),
      actorId: officer.personId,
      access: "read",
    });
    expect(JSON.stringify(row)).not.toContain("2015");
  });

  it("inzage and wissen are refused, politely and audited, for everyone else", async () => {
    for (const who of ["ib", "beheerder", "consultant"] as const) {
      const { code } = officer;
      for (const sub of ["inzage", "wissen"]) {
        const reply = await world.as(
          who,
          { kind: "command", args: ["privacy", sub, "jb", "2015", `${code}a`] },
          channel,
        );
        expect(replyText(reply)).toBe(ONLY_OFFICER);
      }
    }
    const denied = await world.db.auditEntry.findMany({
      where: { entity: "pupil", action: { in: ["privacy.inzage.denied", "privacy.erase.denied"] } },
    });
    expect(denied).toHaveLength(6);
    expect(new Set(denied.map((d) => d.entityId))).toEqual(
      new Set([pupilKey(world.swvId, world.schools.A, REF)]),
    );
    const sent = await world.flush();
    expect(sent.flatMap((d) => (d.request.op === "dm" ? filesOf(d.request.message) : []))).toHaveLength(0);
  });

  it("the privacy officer sees no case content otherwise: /knoop casus is refused and audited", async () => {
    const reply = await officer.as({ kind: "command", args: ["casus", closedCode] });
    expect(replyText(reply)).toContain("Geen toegang");
    expect(JSON.stringify(reply)).not.toContain(CLOSED.reason);
    const audited = await world.db.auditEntry.findMany({
      where: { entity: "case", entityId: ids.closedCase, actorId: officer.personId },
    });
    expect(audited.map((a) => a.action)).toEqual([expect.stringMatching(/\.denied$/)]);
  });

  it("wissen: shows what goes with a confirm button, refuses a stale click, erases, refuses a second", async () => {
    const { code } = officer;
    const reply = await officer.as(
      { kind: "command", args: ["privacy", "wissen", "jb", "2015", `${code}a`] },
      channel,
    );
    expect(replyText(reply)).toBe(SEE_DM);
    const [dm] = dmsTo(await world.flush(), officer.personId);
    expect(textOf(dm)).toContain(
      "1 afgesloten casussen, 1 afgehandelde signalen, 1 beëindigde thuiszittersdossiers",
    );
    expect(textOf(dm)).toContain("Blijft bewaard omdat het nog loopt (AVG artikel 17 lid 3): 1 casussen");
    const [button] = buttonsOf(dm);
    expect(button).toMatchObject({ action: "privacy.erase", style: "danger", confirm: expect.any(Object) });
    expect(await world.db.signal.count({ where: { anonymisedAt: { not: null } } })).toBe(0);

    // The record changed after the button was made (another thuiszitter record ended): stale.
    const later = await thuiszitter(world, REF, "2026-10-01", "2026-11-15");
    const stale = await officer.as({ kind: "action", name: "privacy.erase", value: button?.value ?? "" });
    expect(stale.type).toBe("update");
    expect(replyText(stale)).toContain("Deze knop is verouderd");
    expect(await world.db.case.count({ where: { anonymisedAt: { not: null } } })).toBe(0);

    await officer.as({ kind: "command", args: ["privacy", "wissen", "jb", "2015", `${code}a`] });
    const [fresh] = dmsTo(await world.flush(), officer.personId);
    const [confirm] = buttonsOf(fresh);
    const done = await officer.as({ kind: "action", name: "privacy.erase", value: confirm?.value ?? "" });
    expect(replyText(done)).toContain("Gewist: 1 casussen, 1 signalen, 2 thuiszittersdossiers.");
    expect(await world.db.case.findUniqueOrThrow({ where: { id: ids.closedCase } })).toMatchObject({
      pupilRef: ANONYMOUS,
      reason: "",
      status: "afgesloten",
      outcome: "overig",
    });
    expect((await world.db.signal.findUniqueOrThrow({ where: { id: ids.signal } })).pupilRef).toBe(ANONYMOUS);
    for (const id of [ids.tz, later.id])
      expect((await world.db.thuiszitter.findUniqueOrThrow({ where: { id } })).pupilRef).toBe(ANONYMOUS);
    // Open: kept. The other pupil: untouched.
    expect(await world.db.case.findUniqueOrThrow({ where: { id: ids.openCase } })).toMatchObject({
      pupilRef: REF,
      reason: OPEN.reason,
    });
    expect((await world.db.signal.findUniqueOrThrow({ where: { id: ids.other } })).pupilRef).toBe("KV 2016");
    const erased = await world.db.auditEntry.findMany({ where: { action: "privacy.erase" } });
    expect(erased.map((e) => e.entity).sort()).toEqual([
      "case",
      "pupil",
      "signal",
      "thuiszitter",
      "thuiszitter",
    ]);
    expect(erased.every((e) => e.actorId === officer.personId && e.access === "write")).toBe(true);

    const again = await officer.as({ kind: "action", name: "privacy.erase", value: confirm?.value ?? "" });
    expect(replyText(again)).toContain("Deze knop is verouderd");
    expect(await world.db.auditEntry.count({ where: { action: "privacy.erase" } })).toBe(5);
  });

  it("bewaartermijn: a beheerder sees and sets it (checked, audited); others are refused", async () => {
    const shown = await world.as("beheerder", { kind: "command", args: ["privacy", "bewaartermijn"] });
    expect(replyText(shown)).toContain("Bewaartermijn: 24 maanden na afsluiten");
    expect(replyText(shown)).toContain("Auditregels: 60 maanden.");
    const bad = await world.as("beheerder", { kind: "command", args: ["privacy", "bewaartermijn", "twee"] });
    expect(replyText(bad)).toBe("Geef een aantal maanden van 6 tot en met 120.");
    const set = await world.as("beheerder", { kind: "command", args: ["privacy", "bewaartermijn", "36"] });
    expect(replyText(set)).toBe(
      "Opgeslagen. Bewaartermijn: 36 maanden na afsluiten; auditregels: 60 maanden.",
    );
    const audit = await world.as("beheerder", {
      kind: "command",
      args: ["privacy", "bewaartermijn", "audit", "84"],
    });
    expect(replyText(audit)).toContain("auditregels: 84 maanden");
    expect(await world.db.swv.findUniqueOrThrow({ where: { id: world.swvId } })).toMatchObject({
      retentionMonths: 36,
      auditRetentionMonths: 84,
    });
    expect(await world.db.auditEntry.count({ where: { action: "privacy.retention.set" } })).toBe(2);
    const refused = await world.as("ib", { kind: "command", args: ["privacy", "bewaartermijn", "6"] });
    expect(replyText(refused)).toBe("Alleen een beheerder kan de bewaartermijn instellen.");
    expect(await world.db.auditEntry.count({ where: { action: "privacy.retention.denied" } })).toBe(1);
  });
});
