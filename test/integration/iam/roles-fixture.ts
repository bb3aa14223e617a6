import { generateAccessKeyId } from '../../../src/credentials/access-key-id.ts'
import { ACCOUNT } from '../../support/sts-server.ts'

// The account the roles tests run against: the reader of the app-* acceptance case, alice who
// assumes roles, and the managed policies the attachment and boundary tests use.

export const READER = { accessKeyId: generateAccessKeyId('AKIA', ACCOUNT), secretAccessKey: 'R'.repeat(40) }
export const ALICE = { accessKeyId: generateAccessKeyId('AKIA', ACCOUNT), secretAccessKey: 'A'.repeat(40) }

export const roleArn = (pathAndName: string) => `arn:aws:iam::${ACCOUNT}:role/${pathAndName}`
export const policyArn = (name: string, path = '/') => `arn:aws:iam::${ACCOUNT}:policy${path}${name}`

/** A trust policy letting `principal` (an IAM ARN) assume the role. */
export const trustUser = (principal: string) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' }] })
export const trustDocument = trustUser(`arn:aws:iam::${ACCOUNT}:root`)
export const allowAll = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] })

const allow = (actions: string, resource = '"*"') => `{ Version: "2012-10-17", Statement: [{ Effect: Allow, Action: ${actions}, Resource: ${resource} }] }`
const trustAccount = `{ Version: "2012-10-17", Statement: [{ Effect: Allow, Principal: { AWS: "arn:aws:iam::${ACCOUNT}:root" }, Action: "sts:AssumeRole" }] }`

export const ROLES_CONFIG = `
accounts:
  - id: "${ACCOUNT}"
    users:
      - name: reader
        inlinePolicies:
          - name: read-app-roles
            document: ${allow('"iam:GetRole"', `"arn:aws:iam::${ACCOUNT}:role/app-*"`)}
        accessKeys: [{ id: ${READER.accessKeyId}, secret: "${READER.secretAccessKey}" }]
      - name: alice
        inlinePolicies:
          - name: assume
            document: ${allow('"sts:AssumeRole"')}
        accessKeys: [{ id: ${ALICE.accessKeyId}, secret: "${ALICE.secretAccessKey}" }]
    managedPolicies:
      - name: Boundary
        document: ${allow('"s3:*"')}
      - name: Team
        path: /team/
        document: ${allow('"s3:GetObject"')}
${Array.from({ length: 10 }, (_, n) => `      - name: P${n + 1}\n        document: ${allow('"s3:ListBucket"')}`).join('\n')}
    roles:
      - name: app-x
        trustPolicy: ${trustAccount}
      - name: db-x
        trustPolicy: ${trustAccount}
`
