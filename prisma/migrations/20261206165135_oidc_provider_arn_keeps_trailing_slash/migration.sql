-- An OIDC provider's ARN now ends in AWS's provider id: the issuer URL without its scheme, nothing
-- else removed (src/iam/arns.ts). ARNs derived before dropped a trailing slash: `https://tenant.example/`
-- was `oidc-provider/tenant.example`, it is now `oidc-provider/tenant.example/`. Mapping rules that
-- name such a provider by its old ARN follow it, first, while the old ARN can still be joined on.
UPDATE "mapping_rules" AS "rule"
SET "provider_arn" = 'arn:aws:iam::' || "provider"."account_id" || ':oidc-provider/' || regexp_replace("provider"."url", '^https?://', '')
FROM "oidc_providers" AS "provider"
WHERE "rule"."provider_arn" = "provider"."arn"
  AND "provider"."arn" <> 'arn:aws:iam::' || "provider"."account_id" || ':oidc-provider/' || regexp_replace("provider"."url", '^https?://', '');

UPDATE "oidc_providers"
SET "arn" = 'arn:aws:iam::' || "account_id" || ':oidc-provider/' || regexp_replace("url", '^https?://', '')
WHERE "arn" <> 'arn:aws:iam::' || "account_id" || ':oidc-provider/' || regexp_replace("url", '^https?://', '');
