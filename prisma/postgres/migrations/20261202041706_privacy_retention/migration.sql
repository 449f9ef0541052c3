-- AlterTable
ALTER TABLE "Swv" ADD COLUMN     "auditRetentionMonths" INTEGER NOT NULL DEFAULT 60,
ADD COLUMN     "retentionMonths" INTEGER NOT NULL DEFAULT 24;

-- AlterTable
ALTER TABLE "Signal" ADD COLUMN     "anonymisedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "anonymisedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Thuiszitter" ADD COLUMN     "anonymisedAt" TIMESTAMP(3);

-- The new role `privacy` (the SWV's privacy officer) for the SWVs that exist already.
INSERT INTO "RoleDefinition" ("id", "swvId", "key", "name")
SELECT 'privacy' || md5(random()::text || "id"), "id", 'privacy', 'Privacyfunctionaris' FROM "Swv"
WHERE NOT EXISTS (SELECT 1 FROM "RoleDefinition" r WHERE r."swvId" = "Swv"."id" AND r."key" = 'privacy');
