-- AlterTable
ALTER TABLE "Person" ADD COLUMN     "preferredPlatform" TEXT;

-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN     "target" TEXT;

-- CreateTable
CREATE TABLE "ChatSpace" (
    "id" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ChatSpace_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChatSpaceMember" (
    "spaceId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,

    CONSTRAINT "ChatSpaceMember_pkey" PRIMARY KEY ("spaceId","personId")
);

-- CreateIndex
CREATE INDEX "OutboxMessage_target_status_idx" ON "OutboxMessage"("target", "status");

-- AddForeignKey
ALTER TABLE "ChatSpaceMember" ADD CONSTRAINT "ChatSpaceMember_spaceId_fkey" FOREIGN KEY ("spaceId") REFERENCES "ChatSpace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
