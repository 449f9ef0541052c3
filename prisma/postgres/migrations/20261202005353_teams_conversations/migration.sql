-- CreateTable
CREATE TABLE "TeamsConversation" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "conversationId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "aadObjectId" TEXT,
    "teamsUserId" TEXT,
    "logicalId" TEXT,
    "serviceUrl" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TeamsConversation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "TeamsConversation_logicalId_key" ON "TeamsConversation"("logicalId");

-- CreateIndex
CREATE INDEX "TeamsConversation_tenantId_aadObjectId_idx" ON "TeamsConversation"("tenantId", "aadObjectId");

-- CreateIndex
CREATE UNIQUE INDEX "TeamsConversation_tenantId_conversationId_key" ON "TeamsConversation"("tenantId", "conversationId");
