-- Session revocation is now stored as AWS stores it: the role's inline policy
-- AWSRevokeOlderSessions (src/iam/session-revocation.ts). Revocations made before keep their time.
INSERT INTO "role_inline_policies" ("role_id", "name", "document")
SELECT "id", 'AWSRevokeOlderSessions',
  '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":["*"],"Resource":["*"],"Condition":{"DateLessThan":{"aws:TokenIssueTime":"'
  || to_char("sessions_revoked_before" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"}}}]}'
FROM "roles" WHERE "sessions_revoked_before" IS NOT NULL
ON CONFLICT ("role_id", "name") DO NOTHING;

-- AlterTable
ALTER TABLE "roles" DROP COLUMN "sessions_revoked_before";
