import express from 'express'

/** Largest request body accepted (a 100 000-character SAML assertion fits with room to spare). */
export const MAX_BODY_BYTES = 256 * 1024

/**
 * Buffers the raw body (SigV4 hashes the exact bytes) up to MAX_BODY_BYTES; larger bodies fail
 * with express's `entity.too.large`, which the error boundary answers as RequestEntityTooLarge.
 */
export const rawBody = express.raw({ type: () => true, limit: MAX_BODY_BYTES })
