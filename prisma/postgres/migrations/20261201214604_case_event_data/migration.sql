-- AlterTable
ALTER TABLE "CaseEvent" ADD COLUMN     "data" TEXT,
ALTER COLUMN "summary" SET DEFAULT '';
