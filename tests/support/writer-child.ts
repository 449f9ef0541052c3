// A second Knoop process for the rotation test (tests/integration/encryption.test.ts): creates and
// edits signals through the encrypting client until its stdin closes, printing "id<TAB>text" for
// every value it wrote. Its data key cache refreshes every 100 ms.
import { randomBytes } from "node:crypto";
import { createDb } from "../../src/store/client.ts";

const url = process.env.WRITER_DATABASE_URL ?? "";
const db = await createDb(url, { keyRefreshMs: 100 });
let writing = true;
process.stdin.on("end", () => {
  writing = false;
});
process.stdin.resume();
const ids: string[] = [];
for (let i = 0; writing; i++) {
  const s = await db.signal.create({
    data: {
      swvId: "swv-rotate",
      schoolId: "school",
      reporterId: "p",
      pupilRef: `RT ${i}`,
      domain: "verzuim",
      description: `Beschrijving ${i} ${randomBytes(4).toString("hex")}`,
      urgency: "normaal",
      assignedRole: "leerplicht",
      createdAt: new Date(),
    },
  });
  ids.push(s.id);
  process.stdout.write(`${s.id}\t${s.description}\n`);
  const id = ids[(i * 7) % ids.length] as string;
  const edited = await db.signal.update({ where: { id }, data: { description: `Bewerkt ${i}` } });
  process.stdout.write(`${id}\t${edited.description}\n`);
  await new Promise((resolve) => setTimeout(resolve, 5));
}
await db.$disconnect();
process.stdout.write("done\n");
