// Runs the official SDK's createClientCredentials() against the server named by API_URL
// (the SDK reads that variable itself). Prints one JSON line; never the key or the token.
import { Odyssey } from '@odysseyml/odyssey';

try {
  const client = new Odyssey({ apiKey: process.env.ODYSSEY_API_KEY });
  const credentials = await client.createClientCredentials();
  console.log(JSON.stringify({
    ok: true,
    sessionId: credentials.sessionId,
    signalingUrl: credentials.signalingUrl,
    expiresIn: credentials.expiresIn,
    tokenParts: credentials.sessionToken.split('.').length,
  }));
} catch (error) {
  console.log(JSON.stringify({ ok: false, error: String(error && error.message || error) }));
  process.exitCode = 1;
}
