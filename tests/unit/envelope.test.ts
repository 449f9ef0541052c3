import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  EnvelopeError,
  isSealed,
  open,
  parseMasterKeys,
  seal,
  unwrapKey,
  versionOf,
  wrapKey,
} from "../../src/store/envelope.ts";

const key = randomBytes(32);
const text = "Leerling 204518 verzuimt sinds de herfstvakantie; moeder is ernstig ziek. ✓";

describe("the envelope of an encrypted value (AES-256-GCM)", () => {
  it("round-trips text and records the key version, never the text", () => {
    const sealed = seal(key, 3, text);
    expect(sealed.startsWith("kn1:3:")).toBe(true);
    expect(isSealed(sealed)).toBe(true);
    expect(versionOf(sealed)).toBe(3);
    expect(sealed).not.toContain("204518");
    expect(sealed).not.toContain("verzuimt");
    expect(open(key, sealed)).toBe(text);
    expect(open(key, seal(key, 1, ""))).toBe("");
    // A fresh IV each time: the same text twice gives two different values.
    expect(seal(key, 3, text)).not.toBe(sealed);
  });

  it("refuses a changed value, a changed version and the wrong key", () => {
    const sealed = seal(key, 2, text);
    const parts = sealed.split(":");
    const ct = Buffer.from(parts[4] ?? "", "base64url");
    ct[0] = (ct[0] ?? 0) ^ 1;
    const tampered = [...parts.slice(0, 4), ct.toString("base64url")].join(":");
    expect(() => open(key, tampered)).toThrow(EnvelopeError);
    expect(() => open(key, sealed.replace("kn1:2:", "kn1:5:"))).toThrow(EnvelopeError);
    expect(() => open(randomBytes(32), sealed)).toThrow(EnvelopeError);
    expect(() => open(key, "kn1:2:abc")).toThrow(EnvelopeError);
  });

  it("wraps data keys under the first master key and unwraps with whichever fits", () => {
    const dataKey = randomBytes(32);
    const [oldMaster, newMaster] = [randomBytes(32), randomBytes(32)];
    const wrapped = wrapKey(oldMaster, dataKey);
    expect(unwrapKey([newMaster, oldMaster], wrapped)).toEqual({ key: dataKey, master: 1 });
    expect(() => unwrapKey([newMaster], wrapped)).toThrow(/passen niet bij KNOOP_DATA_KEY/);
  });

  it("reads KNOOP_DATA_KEY: base64 of 32 bytes, or new,old", () => {
    const a = randomBytes(32);
    const b = randomBytes(32);
    expect(parseMasterKeys(a.toString("base64"))).toEqual([a]);
    expect(parseMasterKeys(`${a.toString("base64")}, ${b.toString("base64")}`)).toEqual([a, b]);
    expect(parseMasterKeys(randomBytes(16).toString("base64"))).toBeNull();
    expect(parseMasterKeys("geen sleutel")).toBeNull();
  });
});
