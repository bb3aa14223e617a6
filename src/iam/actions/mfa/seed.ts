import { randomBytes } from 'node:crypto'
import { Secret } from 'otpauth'
import QRCode from 'qrcode'

/** A fresh TOTP secret: 160 random bits (RFC 4226 §4 recommends 160), Base32 as RFC 3548 writes it. */
export function newSeed(): string {
  const bytes = randomBytes(20)
  return new Secret({ buffer: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) }).base32
}

/**
 * The QR code an authenticator app scans: a PNG of
 * `otpauth://totp/$virtualMFADeviceName@$AccountName?secret=$Base32String`, AccountName being
 * the account alias when set and the account id otherwise (IAM API Reference, VirtualMFADevice).
 */
export async function seedQrCode(deviceName: string, accountName: string, seed: string): Promise<Buffer> {
  const label = `${encodeURIComponent(deviceName)}@${encodeURIComponent(accountName)}`
  return QRCode.toBuffer(`otpauth://totp/${label}?secret=${seed}`, { type: 'png' })
}
