-- CreateTable
CREATE TABLE "HandledRequest" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "state" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "HandledRequest_expiresAt_idx" ON "HandledRequest"("expiresAt");
