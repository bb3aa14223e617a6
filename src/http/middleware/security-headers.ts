import helmet from 'helmet'

/**
 * Strict defaults: pages may load only our own scripts, styles and images, never be framed, and
 * post forms only to us (the SAML POST binding targets the IdP, so form-action grows when the
 * portal arrives).
 */
export const securityHeaders = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'none'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
    },
  },
  xFrameOptions: { action: 'deny' },
  strictTransportSecurity: false, // only meaningful behind TLS; the operator's proxy sets it
})
