-- CreateIndex
CREATE INDEX "Signal_swvId_createdAt_domain_schoolId_idx" ON "Signal"("swvId", "createdAt", "domain", "schoolId");

-- CreateIndex
CREATE INDEX "Signal_swvId_closedAt_domain_status_createdAt_idx" ON "Signal"("swvId", "closedAt", "domain", "status", "createdAt");

-- CreateIndex
CREATE INDEX "Case_swvId_createdAt_form_schoolId_idx" ON "Case"("swvId", "createdAt", "form", "schoolId");
