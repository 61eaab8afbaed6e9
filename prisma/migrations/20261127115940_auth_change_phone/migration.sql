-- AlterEnum
ALTER TYPE "verification_purpose" ADD VALUE 'change_phone';

