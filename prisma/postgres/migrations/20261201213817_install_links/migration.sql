-- CreateTable
CREATE TABLE "InstallLink" (
    "id" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "swvId" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "usedBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InstallLink_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "InstallLink_tokenHash_key" ON "InstallLink"("tokenHash");
