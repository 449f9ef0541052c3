-- DropIndex
DROP INDEX "Signal_swvId_createdAt_closedAt_domain_idx";

-- DropIndex
DROP INDEX "Case_swvId_createdAt_idx";

-- DropIndex
DROP INDEX "CaseEvent_type_createdAt_idx";

-- AlterTable
ALTER TABLE "Case" ADD COLUMN "firstMeetingAt" DATETIME;

-- AlterTable
ALTER TABLE "Meeting" ADD COLUMN "confirmedAt" DATETIME;

-- CreateIndex
CREATE INDEX "Signal_swvId_schoolId_domain_createdAt_idx" ON "Signal"("swvId", "schoolId", "domain", "createdAt");

-- CreateIndex
CREATE INDEX "Signal_swvId_schoolId_domain_closedAt_createdAt_idx" ON "Signal"("swvId", "schoolId", "domain", "closedAt", "createdAt");

-- CreateIndex
CREATE INDEX "Case_swvId_schoolId_form_createdAt_idx" ON "Case"("swvId", "schoolId", "form", "createdAt");

-- CreateIndex
CREATE INDEX "Case_swvId_schoolId_form_closedAt_createdAt_idx" ON "Case"("swvId", "schoolId", "form", "closedAt", "createdAt");

-- CreateIndex
CREATE INDEX "Case_swvId_firstMeetingAt_createdAt_schoolId_idx" ON "Case"("swvId", "firstMeetingAt", "createdAt", "schoolId");

-- CreateIndex
CREATE INDEX "Meeting_confirmedAt_caseId_createdAt_idx" ON "Meeting"("confirmedAt", "caseId", "createdAt");

-- Backfill from the case timelines: a case's first confirmation, and for each confirmed meeting
-- the first confirmation of its case at or after its proposal.
UPDATE "Case" SET "firstMeetingAt" = (
  SELECT MIN(e."createdAt") FROM "CaseEvent" e
  WHERE e."caseId" = "Case"."id" AND e."type" = 'meeting.confirmed'
);
UPDATE "Meeting" SET "confirmedAt" = (
  SELECT MIN(e."createdAt") FROM "CaseEvent" e
  WHERE e."caseId" = "Meeting"."caseId" AND e."type" = 'meeting.confirmed' AND e."createdAt" >= "Meeting"."createdAt"
) WHERE "confirmedSlotId" IS NOT NULL;
