import { describe, expect, it } from "vitest";
import { DAY } from "../../src/core/clock.ts";
import { decideRouting, linkTarget, roleFor } from "../../src/features/signals/routing.ts";
import { pupilRefSchema } from "../../src/features/signals/service.ts";
import { nextStatus, signalStatuses } from "../../src/features/signals/states.ts";
import { signalButtons } from "../../src/features/signals/views.ts";
import type { Signal } from "../../src/generated/sqlite/client.ts";

const lotte = { id: "p1", displayName: "Lotte Peters" };
const carla = { id: "p2", displayName: "Carla Smeets" };

describe("signal routing", () => {
  it("uses the SWV's routing table, else the default of domain.md", () => {
    expect(roleFor("verzuim", [])).toBe("leerplicht");
    expect(roleFor("gezondheid", [])).toBe("jgz");
    expect(roleFor("gezin", [])).toBe("buurtteam");
    expect(roleFor("schoolloopbaan", [])).toBe("swv-consultant");
    const zuidLimburg = [{ domain: "verzuim", roleKey: "leerrecht" }];
    expect(roleFor("verzuim", zuidLimburg)).toBe("leerrecht");
    expect(roleFor("gezin", zuidLimburg)).toBe("buurtteam");
  });

  it("is the reporter's own when they hold the role", () => {
    expect(decideRouting("leerplicht", [lotte], [carla], lotte.id)).toEqual({
      kind: "self",
      role: "leerplicht",
      to: [],
    });
  });

  it("goes to the role's holders, else to the SWV consultant, else to nobody (but is kept)", () => {
    expect(decideRouting("leerplicht", [lotte], [carla], "ilse")).toEqual({
      kind: "partner",
      role: "leerplicht",
      to: [lotte],
    });
    expect(decideRouting("jgz", [], [carla], "ilse")).toEqual({
      kind: "fallback",
      role: "swv-consultant",
      missing: "jgz",
      to: [carla],
    });
    expect(decideRouting("jgz", [], [], "ilse")).toEqual({ kind: "nobody", role: "jgz", to: [] });
    expect(decideRouting("swv-consultant", [], [], "ilse")).toEqual({
      kind: "nobody",
      role: "swv-consultant",
      to: [],
    });
  });
});

describe("duplicate linking", () => {
  const now = new Date("2026-11-23T09:00:00Z");
  const ago = (days: number) => new Date(now.getTime() - days * DAY);

  it("links to the earlier signal within the window, and to the first of its chain", () => {
    expect(linkTarget([], now, 30)).toBeNull();
    expect(linkTarget([{ id: "a", linkedToId: null, createdAt: ago(10) }], now, 30)).toBe("a");
    const chain = [
      { id: "a", linkedToId: null, createdAt: ago(50) },
      { id: "b", linkedToId: "a", createdAt: ago(25) },
    ];
    expect(linkTarget(chain, now, 30)).toBe("a");
  });

  it("does not link outside the window, which each SWV configures", () => {
    const old = [{ id: "a", linkedToId: null, createdAt: ago(31) }];
    expect(linkTarget(old, now, 30)).toBeNull();
    expect(linkTarget(old, now, 60)).toBe("a");
    expect(linkTarget([{ id: "a", linkedToId: null, createdAt: ago(30) }], now, 30)).toBe("a");
    expect(linkTarget([{ id: "a", linkedToId: null, createdAt: ago(1) }], now, 0)).toBeNull();
  });
});

describe("signal state machine", () => {
  it("allows nieuw->opgepakt, nieuw/opgepakt->afgehandeld and ->omgezet, and nothing from a closed signal", () => {
    const table = Object.fromEntries(
      signalStatuses.map((s) => [
        s,
        [nextStatus(s, "take"), nextStatus(s, "close"), nextStatus(s, "convert"), nextStatus(s, "forward")],
      ]),
    );
    expect(table).toEqual({
      nieuw: ["opgepakt", "afgehandeld", "omgezet", "nieuw"],
      opgepakt: [null, "afgehandeld", "omgezet", "nieuw"],
      afgehandeld: [null, null, null, null],
      omgezet: [null, null, null, null],
    });
    expect(nextStatus("onbekend", "take")).toBeNull();
  });
});

describe("pupil reference", () => {
  const parse = (value: unknown) => pupilRefSchema("nl").safeParse(value);
  const error = (value: unknown) => {
    const r = parse(value);
    return r.success ? null : r.error.issues[0]?.message;
  };

  it("normalises: trimmed, upper case, single spaces", () => {
    expect(parse("  jb   2015 ").data).toBe("JB 2015");
    expect(parse("204518").data).toBe("204518");
  });

  it("refuses what looks like a name, and says why in Dutch", () => {
    expect(error("Jan de Vries")).toContain("Dit lijkt een naam");
    expect(error("JB")).toContain("Dit lijkt een naam");
  });

  it("refuses a name with a number, and invisible characters around too little", () => {
    for (const name of ["Jan de Vries 2015", "Anna Smit 12", "Anna 12", "Mo Öztürk 2015", "Piet Jan 1"])
      expect(error(name), name).toContain("leerlingnummer (bijv. 204518)");
    expect(error("\u200B\u200B1")).toContain("2 tot 20 tekens");
    expect(parse("\u202Ejb 2015\u200D").data).toBe("JB 2015");
  });

  it("accepts pupil numbers, initials with a birth year and school codes", () => {
    for (const ref of ["204518", "JB 2015", "J.B. 2015", "JDV 2014", "jb2015", "LL-20451", "2015/AB"])
      expect(error(ref), ref).toBeNull();
  });

  it("needs 2 to 20 characters", () => {
    expect(error("")).toBe("Vul dit veld in.");
    expect(error("   ")).toBe("Vul dit veld in.");
    expect(error("7")).toContain("2 tot 20 tekens");
    expect(error("1".repeat(21))).toContain("2 tot 20 tekens");
    expect(error(undefined)).toBe("Vul dit veld in.");
  });
});

describe("signal buttons", () => {
  const signal = { id: "s1", status: "nieuw" } as Signal;
  const actions = (s: Signal, viewer: { ib: boolean; partner: boolean }) =>
    signalButtons("nl", s, viewer).map((b) => b.action);

  it("gives an IB'er 'case.openFromSignal' and a kernpartner 'signal.proposeCase'", () => {
    expect(actions(signal, { ib: false, partner: true })).toEqual([
      "signal.take",
      "signal.proposeCase",
      "signal.forward",
      "signal.close",
    ]);
    expect(actions(signal, { ib: true, partner: false })).toEqual([
      "signal.take",
      "case.openFromSignal",
      "signal.forward",
      "signal.close",
    ]);
    expect(actions(signal, { ib: true, partner: true })).toContain("case.openFromSignal");
  });

  it("drops 'take' once taken and every button once done", () => {
    expect(actions({ ...signal, status: "opgepakt" }, { ib: false, partner: true })).not.toContain(
      "signal.take",
    );
    expect(actions({ ...signal, status: "afgehandeld" }, { ib: false, partner: true })).toEqual([]);
    expect(actions({ ...signal, status: "omgezet" }, { ib: true, partner: false })).toEqual([]);
  });
});
