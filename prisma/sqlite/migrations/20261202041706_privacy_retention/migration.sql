-- AlterTable
ALTER TABLE "Signal" ADD COLUMN "anonymisedAt" DATETIME;

-- AlterTable
ALTER TABLE "Case" ADD COLUMN "anonymisedAt" DATETIME;

-- AlterTable
ALTER TABLE "Thuiszitter" ADD COLUMN "anonymisedAt" DATETIME;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Swv" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "duplicateWindowDays" INTEGER NOT NULL DEFAULT 30,
    "retentionMonths" INTEGER NOT NULL DEFAULT 24,
    "auditRetentionMonths" INTEGER NOT NULL DEFAULT 60,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Swv" ("code", "createdAt", "duplicateWindowDays", "id", "name", "updatedAt") SELECT "code", "createdAt", "duplicateWindowDays", "id", "name", "updatedAt" FROM "Swv";
DROP TABLE "Swv";
ALTER TABLE "new_Swv" RENAME TO "Swv";
CREATE UNIQUE INDEX "Swv_code_key" ON "Swv"("code");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- The new role `privacy` (the SWV's privacy officer) for the SWVs that exist already.
INSERT INTO "RoleDefinition" ("id", "swvId", "key", "name")
SELECT 'privacy' || lower(hex(randomblob(10))), "id", 'privacy', 'Privacyfunctionaris' FROM "Swv"
WHERE NOT EXISTS (SELECT 1 FROM "RoleDefinition" r WHERE r."swvId" = "Swv"."id" AND r."key" = 'privacy');
