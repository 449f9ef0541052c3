-- DropIndex
DROP INDEX "CaseAction_status_dueDate_idx";

-- DropIndex
DROP INDEX "CaseAction_doneAt_idx";

-- DropIndex
DROP INDEX "CycleInstance_swvId_dueOn_idx";

-- CreateIndex
CREATE INDEX "CaseAction_status_dueDate_createdAt_doneAt_caseId_idx" ON "CaseAction"("status", "dueDate", "createdAt", "doneAt", "caseId");

-- CreateIndex
CREATE INDEX "CaseAction_doneAt_dueDate_createdAt_caseId_idx" ON "CaseAction"("doneAt", "dueDate", "createdAt", "caseId");

-- CreateIndex
CREATE INDEX "CycleInstance_swvId_dueOn_momentKey_state_late_schoolId_ope_idx" ON "CycleInstance"("swvId", "dueOn", "momentKey", "state", "late", "schoolId", "opensOn", "answeredAt");
