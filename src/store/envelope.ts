/** The envelope of an encrypted value: AES-256-GCM (Node's crypto) under a data key, as text that
 * fits the same String column: `kn1:<key version>:<iv>:<tag>:<ciphertext>` (base64url). The prefix
 * and version are authenticated too (GCM's additional data), so neither can be changed unnoticed. */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

export const SEALED = "kn1:";
const WRAPPED = "kw1:";

export class EnvelopeError extends Error {}

const b64 = (b: Buffer) => b.toString("base64url");

function encrypt(key: Buffer, aad: string, plain: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(aad));
  const ct = Buffer.concat([cipher.update(plain), cipher.final()]);
  return `${b64(iv)}:${b64(cipher.getAuthTag())}:${b64(ct)}`;
}

function decrypt(key: Buffer, aad: string, body: string): Buffer {
  const [iv, tag, ct, extra] = body.split(":");
  if (iv === undefined || tag === undefined || ct === undefined || extra !== undefined)
    throw new EnvelopeError("versleutelde waarde is beschadigd");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(aad));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ct, "base64url")), decipher.final()]);
  } catch {
    throw new EnvelopeError("versleutelde waarde past niet bij de sleutel, of is veranderd");
  }
}

export const isSealed = (value: unknown): value is string =>
  typeof value === "string" && value.startsWith(SEALED);

/** Encrypts `plain` under data key `version`. */
export function seal(key: Buffer, version: number, plain: string): string {
  const head = `${SEALED}${version}:`;
  return head + encrypt(key, head, Buffer.from(plain, "utf8"));
}

/** The key version a sealed value names. */
export function versionOf(sealed: string): number {
  const version = Number(sealed.slice(SEALED.length, sealed.indexOf(":", SEALED.length)));
  if (!Number.isInteger(version) || version < 1) throw new EnvelopeError("versleutelde waarde is beschadigd");
  return version;
}

/** Decrypts a sealed value; throws EnvelopeError when it was changed or the key is wrong. */
export function open(key: Buffer, sealed: string): string {
  const head = `${SEALED}${versionOf(sealed)}:`;
  return decrypt(key, head, sealed.slice(head.length)).toString("utf8");
}

/** A data key wrapped by a master key (stored in DataKey.wrapped). */
export function wrapKey(master: Buffer, dataKey: Buffer): string {
  return WRAPPED + encrypt(master, WRAPPED, dataKey);
}

/** Unwraps with the first master key that fits (KNOOP_DATA_KEY may hold "new,old"). */
export function unwrapKey(masters: Buffer[], wrapped: string): { key: Buffer; master: number } {
  if (!wrapped.startsWith(WRAPPED)) throw new EnvelopeError("onbekende vorm van een gegevenssleutel");
  for (const [i, master] of masters.entries()) {
    try {
      return { key: decrypt(master, WRAPPED, wrapped.slice(WRAPPED.length)), master: i };
    } catch {}
  }
  throw new EnvelopeError(
    "de gegevenssleutels passen niet bij KNOOP_DATA_KEY: is het de sleutel waarmee deze database is versleuteld?",
  );
}

export const newKey = () => randomBytes(32);

/** KNOOP_DATA_KEY: one or more base64 keys of 32 bytes, comma separated (the first one wraps). */
export function parseMasterKeys(text: string): Buffer[] | null {
  const keys = text.split(",").map((part) => part.trim());
  const decoded = keys.map((k) => (/^[A-Za-z0-9+/_-]+={0,2}$/.test(k) ? Buffer.from(k, "base64") : null));
  return decoded.every((k) => k?.length === 32) ? (decoded as Buffer[]) : null;
}
