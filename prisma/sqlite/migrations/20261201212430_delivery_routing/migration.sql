-- AlterTable
ALTER TABLE "Person" ADD COLUMN "preferredPlatform" TEXT;

-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN "target" TEXT;

-- CreateTable
CREATE TABLE "ChatSpace" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "platform" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ChatSpaceMember" (
    "spaceId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,

    PRIMARY KEY ("spaceId", "personId"),
    CONSTRAINT "ChatSpaceMember_spaceId_fkey" FOREIGN KEY ("spaceId") REFERENCES "ChatSpace" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "OutboxMessage_target_status_idx" ON "OutboxMessage"("target", "status");
