-- CreateIndex
CREATE INDEX "CaseEvent_caseId_type_createdAt_idx" ON "CaseEvent"("caseId", "type", "createdAt");
