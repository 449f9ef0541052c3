-- DropIndex
DROP INDEX "Signal_swvId_closedAt_idx";

-- DropIndex
DROP INDEX "Signal_swvId_closedAt_domain_status_createdAt_idx";

-- DropIndex
DROP INDEX "Case_swvId_closedAt_idx";

-- CreateIndex
CREATE INDEX "Signal_swvId_closedAt_domain_status_createdAt_schoolId_idx" ON "Signal"("swvId", "closedAt", "domain", "status", "createdAt", "schoolId");

-- CreateIndex
CREATE INDEX "Case_swvId_closedAt_createdAt_outcome_form_schoolId_idx" ON "Case"("swvId", "closedAt", "createdAt", "outcome", "form", "schoolId");
