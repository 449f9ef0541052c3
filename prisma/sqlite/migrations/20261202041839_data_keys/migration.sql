-- CreateTable
CREATE TABLE "DataKey" (
    "version" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "wrapped" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "retiredAt" DATETIME
);
