// A real OpenID Provider (the npm package oidc-provider) set up like ID-porten, for the
// test suite: discovery, JWKS, RS256 ID tokens, PKCE (S256) required, the `pid` and `acr`
// claims in the ID token, RP-initiated logout (end_session).
//
// Usage: node tests/oidc/provider.mjs PORT
// Clients: medvirk-idporten / idporten-secret (client_secret_post),
//   medvirk-ansattporten / ansattporten-secret (client_secret_basic), and with
//   MEDVIRK_TEST_CLIENT_JWKS (a JWKS of public keys) medvirk-pkjwt (private_key_jwt).
//
// The login page (/interaction/:uid) is a plain form standing in for ID-porten's: it asks
// for the national identity number (pid), a name and an optional e-mail address.
//
// Test knobs (loopback only): POST /__test__/knobs with a JSON object, {} to reset.
//   acr: the acr the login gets (default: the first requested acr_values)
//   nonce: the nonce put into the ID token instead of the client's
//   aud: the audience of the ID token instead of the client id
//   expired: true -> the ID token expired an hour ago
//   unsigned: true -> the ID token says "alg": "none" and has no signature
//   forge_pid: the ID token's payload gets this pid after signing (the signature no longer fits)
// The tokens stay real: the library signs them with its own key, only the claims differ.
import * as crypto from 'node:crypto';
import * as http from 'node:http';
import Provider from 'oidc-provider';

const port = Number(process.argv[2] || 9010);
const issuer = `http://127.0.0.1:${port}`;
let knobs = {};
const accounts = new Map();

const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key-1', use: 'sig', alg: 'RS256' };

const client = (id, secret) => ({
  client_id: id,
  client_secret: secret,
  redirect_uris: ['http://127.0.0.1/placeholder'],
  post_logout_redirect_uris: ['http://127.0.0.1/placeholder'],
  grant_types: ['authorization_code'],
  response_types: ['code'],
  token_endpoint_auth_method: 'client_secret_post',
  id_token_signed_response_alg: 'RS256',
});

const clients = [
  client('medvirk-idporten', 'idporten-secret'),
  { ...client('medvirk-ansattporten', 'ansattporten-secret'), token_endpoint_auth_method: 'client_secret_basic' },
];
if (process.env.MEDVIRK_TEST_CLIENT_JWKS) {
  // A client that authenticates with private_key_jwt (its public key from the test).
  const { client_secret: _unused, ...base } = client('medvirk-pkjwt', '');
  clients.push({
    ...base,
    token_endpoint_auth_method: 'private_key_jwt',
    token_endpoint_auth_signing_alg: 'RS256',
    jwks: JSON.parse(process.env.MEDVIRK_TEST_CLIENT_JWKS),
  });
}

const provider = new Provider(issuer, {
  clients,
  jwks: { keys: [jwk] },
  acrValues: ['idporten-loa-substantial', 'idporten-loa-high'],
  claims: {
    openid: ['sub'],
    profile: ['pid', 'name'],
    email: ['email', 'email_verified'],
  },
  conformIdTokenClaims: false, // the scope's claims in the ID token, as ID-porten does
  pkce: { required: () => true },
  features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
  cookies: { keys: ['medvirk-test-cookie-key'] },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  findAccount: async (ctx, id) => {
    const account = accounts.get(id);
    if (!account) return undefined;
    return {
      accountId: id,
      claims: async () => {
        const claims = { sub: id, pid: account.pid, name: account.name };
        if (account.email) {
          claims.email = account.email;
          claims.email_verified = true;
        }
        return claims;
      },
    };
  },
  ttl: { IdToken: 600, AccessToken: 600, AuthorizationCode: 60, Session: 3600, Interaction: 600, Grant: 3600 },
});
provider.proxy = false;

// Any loopback (or Django test client) callback of Medvirk's, on any port.
const allowed = (uri) => /^https?:\/\/(127\.0\.0\.1|localhost|testserver)(:\d+)?\//.test(uri);
provider.Client.prototype.redirectUriAllowed = allowed;
provider.Client.prototype.postLogoutRedirectUriAllowed = allowed;

// The knobs: applied to the ID token after the library built its claims, before it signs.
const { IdToken } = provider;
const originalPayload = IdToken.prototype.payload;
IdToken.prototype.payload = async function payload() {
  const result = await originalPayload.call(this);
  if (knobs.nonce !== undefined && result.nonce !== undefined) result.nonce = knobs.nonce;
  return result;
};
const originalIssue = IdToken.prototype.issue;
IdToken.prototype.issue = async function issue(options = {}) {
  if (options.use === 'idtoken') {
    if (knobs.aud) this.client = Object.create(this.client, { clientId: { value: knobs.aud } });
    if (knobs.expired) options = { ...options, expiresAt: Math.floor(Date.now() / 1000) - 3600 };
  }
  const token = await originalIssue.call(this, options);
  if (options.use === 'idtoken' && knobs.forge_pid) {
    // A forged token: another pid in the payload, the library's signature of the original.
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    claims.pid = knobs.forge_pid;
    return [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
  }
  if (options.use === 'idtoken' && knobs.unsigned) {
    // The same claims with "alg": "none" and no signature.
    const [, payload] = token.split('.');
    return [Buffer.from('{"alg":"none"}').toString('base64url'), payload, ''].join('.');
  }
  return token;
};

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginPage(uid, params) {
  return `<!doctype html><html lang="nb"><head><meta charset="utf-8"><title>Test-ID-porten</title></head>
<body><main><h1>Test-ID-porten</h1><p>Klient: ${escape(params.client_id)}</p>
<form method="post" action="/interaction/${uid}">
<label for="pid">Fødselsnummer</label> <input id="pid" name="pid" required>
<label for="name">Navn</label> <input id="name" name="name" value="Test Testesen">
<label for="email">E-post</label> <input id="email" name="email">
<button type="submit" name="action" value="login">Logg inn</button>
<button type="submit" name="action" value="cancel">Avbryt</button>
</form></main></body></html>`;
}

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString();
}

async function interaction(req, res, uid) {
  const details = await provider.interactionDetails(req, res);
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(loginPage(uid, details.params));
    return;
  }
  const form = new URLSearchParams(await readBody(req));
  if (form.get('action') === 'cancel') {
    await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'Brukeren avbrøt' }, { mergeWithLastSubmission: false });
    return;
  }
  const pid = form.get('pid');
  // ID-porten's sub is pairwise per client; any stable value not equal to the pid does.
  const accountId = crypto.createHash('sha256').update(`${details.params.client_id}:${pid}`).digest('hex').slice(0, 32);
  accounts.set(accountId, { pid, name: form.get('name') || '', email: form.get('email') || '' });
  const requested = String(details.params.acr_values || 'idporten-loa-substantial').split(' ')[0];
  const grant = new provider.Grant({ accountId, clientId: details.params.client_id });
  grant.addOIDCScope(String(details.params.scope));
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, {
    login: { accountId, acr: knobs.acr || requested, amr: ['TestID'] },
    consent: { grantId },
  }, { mergeWithLastSubmission: false });
}

const handler = provider.callback();
http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url, issuer);
    if (url.pathname === '/__test__/knobs' && req.method === 'POST') {
      knobs = JSON.parse((await readBody(req)) || '{}');
      res.writeHead(204);
      res.end();
      return;
    }
    const match = url.pathname.match(/^\/interaction\/([^/]+)$/);
    if (match) {
      await interaction(req, res, match[1]);
      return;
    }
    handler(req, res);
  } catch (error) {
    res.writeHead(500, { 'content-type': 'text/plain' });
    res.end(String(error));
  }
}).listen(port, '127.0.0.1', () => {
  process.stdout.write(`ready ${issuer}\n`);
});
