-- CreateTable
CREATE TABLE "DigestSubscription" (
    "id" TEXT NOT NULL,
    "swvId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "cadence" TEXT NOT NULL,
    "boardId" TEXT,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DigestSubscription_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DigestSubscription_swvId_idx" ON "DigestSubscription"("swvId");

-- CreateIndex
CREATE UNIQUE INDEX "DigestSubscription_channelId_cadence_key" ON "DigestSubscription"("channelId", "cadence");
