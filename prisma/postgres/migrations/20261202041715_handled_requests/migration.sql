-- CreateTable
CREATE TABLE "HandledRequest" (
    "key" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "HandledRequest_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "HandledRequest_expiresAt_idx" ON "HandledRequest"("expiresAt");
