-- CreateTable
CREATE TABLE "DataKey" (
    "version" INTEGER NOT NULL,
    "wrapped" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "retiredAt" TIMESTAMP(3),

    CONSTRAINT "DataKey_pkey" PRIMARY KEY ("version")
);
