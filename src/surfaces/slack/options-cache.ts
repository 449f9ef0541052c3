import type { Option } from "../../chat/views.ts";
import { loadsAsYouType } from "./blocks.ts";

/** What an option costs in memory, about: its two strings (UTF-16) and the object around them. */
const optionBytes = (o: Option) => 2 * (o.label.length + o.value.length) + 80;

export interface OptionsCacheSettings {
  /** Dropped this long after the modal opened (modals do not stay open for long). */
  ttlMs?: number;
  /** The budget of all views together (estimated bytes); the least recently used go first. */
  maxBytes?: number;
  now?: () => number;
}

interface Entry {
  until: number;
  owner: string;
  bytes: number;
  blocks: Map<string, Option[]>;
}

/** The options of long selects (rendered as external_select) in open modals, by view id and
 * block id, so Slack's options requests can be answered as the user types. Each entry belongs to
 * the user and team who opened the modal: an options request from anyone else (a guessed or
 * leaked view id) gets nothing. In memory, bounded by size, not by the number of views (one modal
 * can carry thousands of options): short lists, which Slack shows as static selects, are not kept;
 * past `maxBytes` the least recently used views are dropped, and after `ttlMs` any view. */
export class OptionsCache {
  private readonly byView = new Map<string, Entry>();
  private total = 0;
  private readonly ttlMs: number;
  private readonly maxBytes: number;
  private readonly now: () => number;

  constructor({
    ttlMs = 60 * 60_000,
    maxBytes = 16 * 1024 * 1024,
    now = Date.now,
  }: OptionsCacheSettings = {}) {
    this.ttlMs = ttlMs;
    this.maxBytes = maxBytes;
    this.now = now;
  }

  /** Estimated bytes held now (for tests and benchmarks). */
  get bytes(): number {
    return this.total;
  }

  get views(): number {
    return this.byView.size;
  }

  keep(viewId: string, owner: Owner, fields: { name: string; options?: Option[] }[]): void {
    this.drop(viewId);
    const blocks = new Map<string, Option[]>();
    let bytes = 0;
    for (const f of fields)
      if (f.options && loadsAsYouType(f.options)) {
        blocks.set(f.name, f.options);
        for (const o of f.options) bytes += optionBytes(o);
      }
    if (blocks.size) {
      this.byView.set(viewId, { until: this.now() + this.ttlMs, owner: ownerKey(owner), bytes, blocks });
      this.total += bytes;
    }
    // Oldest first (Map order): the expired, then the least recently used beyond the budget;
    // the view just kept stays even when it alone is over the budget.
    for (const [id, entry] of this.byView) {
      if (id === viewId || (entry.until >= this.now() && this.total <= this.maxBytes)) break;
      this.drop(id);
    }
  }

  /** At most `limit` options of the block whose label contains the typed text (any case). */
  find(viewId: string, owner: Owner, blockId: string, typed: string, limit = 100): Option[] {
    const entry = this.byView.get(viewId);
    if (entry && entry.until < this.now()) this.drop(viewId);
    if (!entry || entry.until < this.now() || entry.owner !== ownerKey(owner)) return [];
    // Used: now the most recently used.
    this.byView.delete(viewId);
    this.byView.set(viewId, entry);
    const query = typed.trim().toLocaleLowerCase("nl");
    const all = entry.blocks.get(blockId) ?? [];
    const found: Option[] = [];
    for (const o of all) {
      if (found.length >= limit) break;
      if (o.label.toLocaleLowerCase("nl").includes(query)) found.push(o);
    }
    return found;
  }

  private drop(viewId: string): void {
    const entry = this.byView.get(viewId);
    if (!entry) return;
    this.total -= entry.bytes;
    this.byView.delete(viewId);
  }
}

/** Who opened a modal: their Slack team and user id. */
export interface Owner {
  workspaceId: string;
  userId: string;
}

const ownerKey = (o: Owner) => JSON.stringify([o.workspaceId, o.userId]);
