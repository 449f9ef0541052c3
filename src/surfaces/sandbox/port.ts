import type { ChatPort, PortRequest, SendResult } from "../../chat/port.ts";
import type { MessageView } from "../../chat/views.ts";
import type { Clock } from "../../core/clock.ts";
import type { Db } from "../../store/client.ts";

/** The sandbox space a post goes to: `case:<caseId>` and `channel:<name>` as given, a bare name as a channel. */
export function spaceOf(channelId: string): string {
  return /^(case|channel):/.test(channelId) ? channelId : `channel:${channelId}`;
}

/** The sandbox's chat platform: spaces, members and messages in the database, read by the page.
 * DMs go to the space `dm:<personId>`; a repeated idempotency key returns the first message. */
export class SandboxPort implements ChatPort {
  readonly platform = "sandbox";

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async send(request: PortRequest, key: string): Promise<SendResult> {
    switch (request.op) {
      case "dm": {
        const space = `dm:${request.personId}`;
        await this.ensureSpace(space, "dm", "Knoop", [request.personId]);
        return this.write(space, key, request.message);
      }
      case "post": {
        const space = spaceOf(request.channelId);
        await this.requireSpace(space);
        return this.write(space, key, request.message);
      }
      case "update": {
        // The dispatcher passes the earlier message's ref; called directly, find it by its key.
        const ref = request.resolved?.earlier?.ref;
        const earlier = await this.db.sandboxMessage.findUnique({
          where: ref ? { id: ref.id } : { key: request.ofKey },
        });
        // Not sent yet: a plain error, so the outbox retries after the original went out.
        if (!earlier) throw new Error(`sandbox: no message with key ${request.ofKey} to update yet`);
        await this.db.sandboxMessage.update({
          where: { id: earlier.id },
          data: { body: JSON.stringify(request.message), updatedAt: this.clock.now() },
        });
        return { ref: { space: earlier.spaceId, id: earlier.id } };
      }
      case "createCaseSpace": {
        const space = `case:${request.caseId}`;
        await this.ensureSpace(space, "case", request.caseCode, request.personIds);
        return { ref: { space, id: space } };
      }
      case "invite": {
        const space = spaceOf(request.channelId);
        await this.requireSpace(space);
        await this.addMembers(space, request.personIds);
        return { ref: { space, id: space } };
      }
    }
  }

  /** Creates a space (kept as it is when it exists) and adds the members. */
  async ensureSpace(id: string, kind: "dm" | "case" | "channel", name: string, personIds: string[]) {
    await this.db.sandboxSpace.upsert({
      where: { id },
      create: { id, kind, name, createdAt: this.clock.now() },
      update: {},
    });
    await this.addMembers(id, personIds);
  }

  private async requireSpace(id: string): Promise<void> {
    const found = await this.db.sandboxSpace.findUnique({ where: { id }, select: { id: true } });
    if (!found) throw new Error(`sandbox: space ${id} does not exist (yet)`);
  }

  private async addMembers(spaceId: string, personIds: string[]): Promise<void> {
    for (const personId of new Set(personIds)) {
      await this.db.sandboxMember.upsert({
        where: { spaceId_personId: { spaceId, personId } },
        create: { spaceId, personId },
        update: {},
      });
    }
  }

  private async write(spaceId: string, key: string, message: MessageView): Promise<SendResult> {
    const now = this.clock.now();
    const row = await this.db.sandboxMessage.upsert({
      where: { key },
      create: { spaceId, key, body: JSON.stringify(message), createdAt: now, updatedAt: now },
      update: {},
    });
    return { ref: { space: row.spaceId, id: row.id } };
  }
}
