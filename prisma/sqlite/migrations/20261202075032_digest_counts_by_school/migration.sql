-- DropIndex
DROP INDEX "Signal_swvId_createdAt_closedAt_domain_idx";

-- DropIndex
DROP INDEX "Case_swvId_createdAt_idx";

-- DropIndex
DROP INDEX "CaseEvent_type_createdAt_idx";

-- CreateIndex
CREATE INDEX "Signal_swvId_schoolId_domain_createdAt_idx" ON "Signal"("swvId", "schoolId", "domain", "createdAt");

-- CreateIndex
CREATE INDEX "Signal_swvId_schoolId_domain_closedAt_createdAt_idx" ON "Signal"("swvId", "schoolId", "domain", "closedAt", "createdAt");

-- CreateIndex
CREATE INDEX "Case_swvId_schoolId_form_createdAt_idx" ON "Case"("swvId", "schoolId", "form", "createdAt");

-- CreateIndex
CREATE INDEX "Case_swvId_schoolId_form_closedAt_createdAt_idx" ON "Case"("swvId", "schoolId", "form", "closedAt", "createdAt");

-- CreateIndex
CREATE INDEX "CaseEvent_type_createdAt_caseId_idx" ON "CaseEvent"("type", "createdAt", "caseId");

-- CreateIndex
CREATE INDEX "CaseEvent_caseId_type_createdAt_idx" ON "CaseEvent"("caseId", "type", "createdAt");
