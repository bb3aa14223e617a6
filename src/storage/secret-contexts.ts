/**
 * The contexts secrets are sealed under (bound as AES-GCM additional data, secret-box.ts): one
 * definition, so what one module seals another can open, and a sealed value moved to another row
 * does not open.
 */
export const accessKeySecretContext = (accessKeyId: string) => `access-key:${accessKeyId}`
export const mfaSeedContext = (serialNumber: string) => `mfa-seed:${serialNumber}`
export const keyRingMaterialContext = (keyId: string) => `key-ring:${keyId}`
