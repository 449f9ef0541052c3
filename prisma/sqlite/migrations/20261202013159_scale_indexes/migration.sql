-- CreateIndex
CREATE INDEX "Signal_reporterId_status_idx" ON "Signal"("reporterId", "status");

-- CreateIndex
CREATE INDEX "SignalEvent_detail_type_idx" ON "SignalEvent"("detail", "type");

-- CreateIndex
CREATE INDEX "Case_regisseurId_idx" ON "Case"("regisseurId");

-- CreateIndex
CREATE INDEX "CaseGoal_caseId_idx" ON "CaseGoal"("caseId");

-- CreateIndex
CREATE INDEX "CaseAction_caseId_status_dueDate_idx" ON "CaseAction"("caseId", "status", "dueDate");

-- CreateIndex
CREATE INDEX "CaseAction_ownerId_status_dueDate_idx" ON "CaseAction"("ownerId", "status", "dueDate");

-- CreateIndex
CREATE INDEX "CaseAction_status_reminderSentAt_dueDate_idx" ON "CaseAction"("status", "reminderSentAt", "dueDate");

-- CreateIndex
CREATE INDEX "CaseAction_status_overdueFlaggedAt_dueDate_idx" ON "CaseAction"("status", "overdueFlaggedAt", "dueDate");

-- CreateIndex
CREATE INDEX "CaseNote_caseId_createdAt_idx" ON "CaseNote"("caseId", "createdAt");

-- CreateIndex
CREATE INDEX "Meeting_caseId_idx" ON "Meeting"("caseId");

-- CreateIndex
CREATE INDEX "MeetingSlot_meetingId_startsAt_idx" ON "MeetingSlot"("meetingId", "startsAt");
