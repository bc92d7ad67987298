declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The nonce of this response's Content-Security-Policy, for inline scripts. */
    cspNonce: string;
    /** The client's address (behind TRUST_PROXY proxies), for rate limits. */
    clientAddress: string;
  }
}

export {};
