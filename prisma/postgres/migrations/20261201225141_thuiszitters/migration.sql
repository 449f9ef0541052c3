-- CreateTable
CREATE TABLE "Thuiszitter" (
    "id" TEXT NOT NULL,
    "swvId" TEXT NOT NULL,
    "schoolId" TEXT NOT NULL,
    "pupilRef" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "absentSince" TEXT NOT NULL,
    "reportedOn" TEXT NOT NULL,
    "periodKey" TEXT NOT NULL,
    "offer" TEXT NOT NULL,
    "opp" BOOLEAN NOT NULL,
    "caseCode" TEXT,
    "state" TEXT NOT NULL DEFAULT 'open',
    "outcome" TEXT,
    "endedOn" TEXT,
    "reportedById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Thuiszitter_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ThuiszitterEvent" (
    "id" TEXT NOT NULL,
    "thuiszitterId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "onceKey" TEXT,
    "data" TEXT,
    "actorId" TEXT,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ThuiszitterEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Thuiszitter_swvId_state_idx" ON "Thuiszitter"("swvId", "state");

-- CreateIndex
CREATE INDEX "Thuiszitter_schoolId_state_idx" ON "Thuiszitter"("schoolId", "state");

-- CreateIndex
CREATE UNIQUE INDEX "ThuiszitterEvent_thuiszitterId_onceKey_key" ON "ThuiszitterEvent"("thuiszitterId", "onceKey");

-- AddForeignKey
ALTER TABLE "ThuiszitterEvent" ADD CONSTRAINT "ThuiszitterEvent_thuiszitterId_fkey" FOREIGN KEY ("thuiszitterId") REFERENCES "Thuiszitter"("id") ON DELETE CASCADE ON UPDATE CASCADE;
