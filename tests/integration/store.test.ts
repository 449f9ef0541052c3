import { expect, it } from "vitest";
import { Migrator } from "../../src/store/migrate.ts";
import { describeEachDatabase } from "../support/databases.ts";

describeEachDatabase("store", (get) => {
  it("has every migration applied and none pending", async () => {
    const migrator = await Migrator.open(get().url);
    try {
      const status = await migrator.status();
      expect(status.pending).toEqual([]);
      expect(status.failed).toEqual([]);
      expect(status.applied.length).toBeGreaterThan(0);
    } finally {
      await migrator.close();
    }
  });

  it("stores an SWV with a school board and a school", async () => {
    const { db } = get();
    const swv = await db.swv.create({ data: { code: "PO9999", name: "Test-SWV" } });
    const board = await db.board.create({ data: { duoNumber: "99999", name: "Bestuur 99999" } });
    await db.school.create({
      data: {
        institutionCode: "99ZZ",
        locationCode: "99ZZ00",
        name: "De Proefschool",
        postcode: "6131 AA",
        place: "SITTARD",
        municipality: "SITTARD-GELEEN",
        municipalityCode: "1883",
        holidayRegion: "Zuid",
        pupilCountSuppressed: true,
        swvId: swv.id,
        boardId: board.id,
      },
    });
    const found = await db.school.findUniqueOrThrow({
      where: { locationCode: "99ZZ00" },
      include: { swv: true },
    });
    expect(found.swv.code).toBe("PO9999");
    expect(found.pupilCount).toBeNull();
    expect(found.pupilCountSuppressed).toBe(true);
  });
});
