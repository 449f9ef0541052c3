-- CreateTable
CREATE TABLE "CycleMomentSetting" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "swvId" TEXT NOT NULL,
    "momentKey" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "windows" TEXT,
    "policy" TEXT
);

-- CreateTable
CREATE TABLE "CycleSwvSetting" (
    "swvId" TEXT NOT NULL PRIMARY KEY,
    "hoursStart" TEXT NOT NULL DEFAULT '08:30',
    "hoursEnd" TEXT NOT NULL DEFAULT '16:30'
);

-- CreateTable
CREATE TABLE "CycleHoliday" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "swvId" TEXT NOT NULL,
    "region" TEXT,
    "schoolYear" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "start" TEXT NOT NULL,
    "end" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "PersonAvailability" (
    "personId" TEXT NOT NULL PRIMARY KEY,
    "pausedUntil" TEXT,
    "workingDays" TEXT NOT NULL DEFAULT '1,2,3,4,5'
);

-- CreateTable
CREATE TABLE "CycleInstance" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "swvId" TEXT NOT NULL,
    "momentKey" TEXT NOT NULL,
    "periodKey" TEXT NOT NULL,
    "subjectKind" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "schoolId" TEXT,
    "ownerId" TEXT,
    "opensOn" TEXT NOT NULL,
    "dueOn" TEXT NOT NULL,
    "closesOn" TEXT NOT NULL,
    "promptFrom" DATETIME,
    "state" TEXT NOT NULL DEFAULT 'open',
    "late" BOOLEAN NOT NULL DEFAULT false,
    "answeredAt" DATETIME,
    "answeredById" TEXT,
    "editedAt" DATETIME,
    "answer" TEXT,
    "waivedReason" TEXT,
    "waivedById" TEXT,
    "laterOn" TEXT,
    "createdAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "CyclePrompt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "instanceId" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "personId" TEXT,
    "key" TEXT NOT NULL,
    "sent" BOOLEAN NOT NULL DEFAULT true,
    "sentAt" DATETIME NOT NULL,
    CONSTRAINT "CyclePrompt_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "CycleInstance" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "CycleMomentSetting_swvId_momentKey_key" ON "CycleMomentSetting"("swvId", "momentKey");

-- CreateIndex
CREATE INDEX "CycleHoliday_swvId_idx" ON "CycleHoliday"("swvId");

-- CreateIndex
CREATE INDEX "CycleInstance_swvId_state_idx" ON "CycleInstance"("swvId", "state");

-- CreateIndex
CREATE INDEX "CycleInstance_ownerId_momentKey_periodKey_idx" ON "CycleInstance"("ownerId", "momentKey", "periodKey");

-- CreateIndex
CREATE UNIQUE INDEX "CycleInstance_swvId_momentKey_periodKey_subjectId_key" ON "CycleInstance"("swvId", "momentKey", "periodKey", "subjectId");

-- CreateIndex
CREATE UNIQUE INDEX "CyclePrompt_instanceId_step_key" ON "CyclePrompt"("instanceId", "step");
