import type { Option } from "../../chat/views.ts";

/** The options of long selects (rendered as external_select) in open modals, by view id and
 * block id, so Slack's options requests can be answered as the user types. Each entry belongs to
 * the user and team who opened the modal: an options request from anyone else (a guessed or
 * leaked view id) gets nothing. In memory, dropped after `ttlMs` (modals do not stay open for
 * long); capped at `max` views. */
export class OptionsCache {
  private readonly byView = new Map<
    string,
    { until: number; owner: string; blocks: Map<string, Option[]> }
  >();

  constructor(
    private readonly ttlMs = 60 * 60_000,
    private readonly max = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  keep(viewId: string, owner: Owner, fields: { name: string; options?: Option[] }[]): void {
    const blocks = new Map(fields.filter((f) => f.options?.length).map((f) => [f.name, f.options ?? []]));
    if (!blocks.size) return;
    this.byView.delete(viewId);
    this.byView.set(viewId, { until: this.now() + this.ttlMs, owner: ownerKey(owner), blocks });
    for (const [id, entry] of this.byView)
      if (this.byView.size > this.max || entry.until < this.now()) this.byView.delete(id);
  }

  /** At most `limit` options of the block whose label contains the typed text (any case). */
  find(viewId: string, owner: Owner, blockId: string, typed: string, limit = 100): Option[] {
    const entry = this.byView.get(viewId);
    if (!entry || entry.until < this.now() || entry.owner !== ownerKey(owner)) return [];
    const query = typed.trim().toLocaleLowerCase("nl");
    const all = entry.blocks.get(blockId) ?? [];
    return all.filter((o) => o.label.toLocaleLowerCase("nl").includes(query)).slice(0, limit);
  }
}

/** Who opened a modal: their Slack team and user id. */
export interface Owner {
  workspaceId: string;
  userId: string;
}

const ownerKey = (o: Owner) => JSON.stringify([o.workspaceId, o.userId]);
