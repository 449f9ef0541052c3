-- CreateIndex
CREATE INDEX "Signal_swvId_createdAt_closedAt_domain_idx" ON "Signal"("swvId", "createdAt", "closedAt", "domain");

-- CreateIndex
CREATE INDEX "Signal_swvId_closedAt_idx" ON "Signal"("swvId", "closedAt");

-- CreateIndex
CREATE INDEX "Case_swvId_createdAt_idx" ON "Case"("swvId", "createdAt");

-- CreateIndex
CREATE INDEX "Case_swvId_closedAt_idx" ON "Case"("swvId", "closedAt");

-- CreateIndex
CREATE INDEX "CaseAction_doneAt_idx" ON "CaseAction"("doneAt");

-- CreateIndex
CREATE INDEX "CaseEvent_type_createdAt_idx" ON "CaseEvent"("type", "createdAt");

-- CreateIndex
CREATE INDEX "CycleInstance_swvId_dueOn_idx" ON "CycleInstance"("swvId", "dueOn");

-- Signals turned into a case stopped being open then: closedAt is the moment of the "omgezet" event.
UPDATE "Signal" SET "closedAt" = (
  SELECT MIN(e."createdAt") FROM "SignalEvent" e WHERE e."signalId" = "Signal"."id" AND e."type" = 'omgezet'
) WHERE "status" = 'omgezet' AND "closedAt" IS NULL;
