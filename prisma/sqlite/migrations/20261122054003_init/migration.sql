-- CreateTable
CREATE TABLE "Swv" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Board" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "duoNumber" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "School" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "institutionCode" TEXT NOT NULL,
    "locationCode" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "postcode" TEXT NOT NULL,
    "place" TEXT NOT NULL,
    "municipality" TEXT NOT NULL,
    "municipalityCode" TEXT NOT NULL,
    "holidayRegion" TEXT NOT NULL,
    "pupilCount" INTEGER,
    "pupilCountSuppressed" BOOLEAN NOT NULL DEFAULT false,
    "pupilCountYear" INTEGER,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "swvId" TEXT NOT NULL,
    "boardId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "School_swvId_fkey" FOREIGN KEY ("swvId") REFERENCES "Swv" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "School_boardId_fkey" FOREIGN KEY ("boardId") REFERENCES "Board" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Person" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "swvId" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "email" TEXT,
    "locale" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Person_swvId_fkey" FOREIGN KEY ("swvId") REFERENCES "Swv" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ChatIdentity" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "platform" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ChatIdentity_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RoleAssignment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "personId" TEXT NOT NULL,
    "swvId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "schoolId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RoleAssignment_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RoleAssignment_swvId_fkey" FOREIGN KEY ("swvId") REFERENCES "Swv" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "RoleAssignment_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RoleDefinition" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "swvId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    CONSTRAINT "RoleDefinition_swvId_fkey" FOREIGN KEY ("swvId") REFERENCES "Swv" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SignalRoute" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "swvId" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "roleKey" TEXT NOT NULL,
    CONSTRAINT "SignalRoute_swvId_fkey" FOREIGN KEY ("swvId") REFERENCES "Swv" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OutboxMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "idempotencyKey" TEXT NOT NULL,
    "request" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL,
    "lockedUntil" DATETIME,
    "lockedBy" TEXT,
    "lastError" TEXT,
    "result" TEXT,
    "sentAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "JobRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "job" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME,
    "error" TEXT
);

-- CreateIndex
CREATE UNIQUE INDEX "Swv_code_key" ON "Swv"("code");

-- CreateIndex
CREATE UNIQUE INDEX "Board_duoNumber_key" ON "Board"("duoNumber");

-- CreateIndex
CREATE UNIQUE INDEX "School_locationCode_key" ON "School"("locationCode");

-- CreateIndex
CREATE INDEX "School_swvId_active_idx" ON "School"("swvId", "active");

-- CreateIndex
CREATE INDEX "ChatIdentity_personId_idx" ON "ChatIdentity"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "ChatIdentity_platform_workspaceId_userId_key" ON "ChatIdentity"("platform", "workspaceId", "userId");

-- CreateIndex
CREATE INDEX "RoleAssignment_personId_idx" ON "RoleAssignment"("personId");

-- CreateIndex
CREATE INDEX "RoleAssignment_swvId_role_schoolId_idx" ON "RoleAssignment"("swvId", "role", "schoolId");

-- CreateIndex
CREATE UNIQUE INDEX "RoleDefinition_swvId_key_key" ON "RoleDefinition"("swvId", "key");

-- CreateIndex
CREATE UNIQUE INDEX "SignalRoute_swvId_domain_key" ON "SignalRoute"("swvId", "domain");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxMessage_idempotencyKey_key" ON "OutboxMessage"("idempotencyKey");

-- CreateIndex
CREATE INDEX "OutboxMessage_status_nextAttemptAt_idx" ON "OutboxMessage"("status", "nextAttemptAt");

-- CreateIndex
CREATE UNIQUE INDEX "JobRun_job_period_key" ON "JobRun"("job", "period");
