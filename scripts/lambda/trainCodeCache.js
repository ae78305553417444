/**
 * Writes the code caches of a built Lambda folder (skill.cache, cognito-sdk.cache), before its own
 * jwks.json is added: `node <Lambda's node flags> trainCodeCache.js DIR`.
 *
 * V8 caches the code of the functions it has compiled, so the bundle first answers the requests a
 * new container sees (an unlinked and a linked launch, a one-shot question, a token for another app
 * client), the linked ones with a signing key of this run and a stand-in for Cognito's GetUser on
 * loopback, so the JWT verifier and the AWS SDK are in the cache too. Nothing of this run is kept
 * but compiled code: the cache holds no tokens, keys or settings.
 */
'use strict';
const { createSign, generateKeyPairSync, randomUUID } = require('node:crypto');
const { rmSync, writeFileSync } = require('node:fs');
const { createServer } = require('node:http');
const { join } = require('node:path');

const REGION = 'us-east-1';
const POOL = `${REGION}_CodeCacheTraining`;
const CLIENT = 'codecachetrainingclient01';
const SKILL = 'amzn1.ask.skill.00000000-0000-4000-8000-00000000cace';
const KID = 'training';
const USER_NAME = 'Training Run';
let getUserCalls = 0;

const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwks = { keys: [{ ...publicKey.export({ format: 'jwk' }), kid: KID, alg: 'RS256', use: 'sig' }] };

function accessToken(claims = {}) {
  const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    sub: randomUUID(),
    iss: `https://cognito-idp.${REGION}.amazonaws.com/${POOL}`,
    client_id: CLIENT,
    token_use: 'access',
    scope: 'openid email profile aws.cognito.signin.user.admin',
    auth_time: now,
    iat: now,
    exp: now + 3600,
    jti: randomUUID(),
    username: 'training',
    ...claims,
  };
  const input = `${b64({ alg: 'RS256', kid: KID })}.${b64(payload)}`;
  return `${input}.${createSign('RSA-SHA256').update(input).sign(privateKey).toString('base64url')}`;
}

/** GetUser, the one Cognito call the skill makes (its JWKS is shipped next to it). */
function startCognitoStandIn() {
  const server = createServer((req, res) => {
    req.resume();
    getUserCalls++;
    const user = {
      Username: 'training',
      UserAttributes: [
        { Name: 'sub', Value: randomUUID() },
        { Name: 'email', Value: 'training@example.com' },
        { Name: 'name', Value: USER_NAME },
      ],
    };
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify(user));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function envelope(request, { token, attributes = {}, isNew = true, sessionId }) {
  const user = token
    ? { userId: 'amzn1.ask.account.TRAINING', accessToken: token }
    : { userId: 'amzn1.ask.account.TRAINING' };
  const application = { applicationId: SKILL };
  return {
    version: '1.0',
    session: { new: isNew, sessionId, application, attributes, user },
    context: {
      System: { application, user, device: { deviceId: 'amzn1.ask.device.TRAINING', supportedInterfaces: {} } },
    },
    request: {
      requestId: `amzn1.echo-api.request.${randomUUID()}`,
      timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      locale: 'en-US',
      ...request,
    },
  };
}

function intent(name, infoType) {
  const slots = infoType
    ? {
        infoTypeRequested: {
          name: 'infoTypeRequested',
          value: infoType,
          resolutions: {
            resolutionsPerAuthority: [
              {
                authority: `amzn1.er-authority.echo-sdk.${SKILL}.InfoType`,
                status: { code: 'ER_SUCCESS_MATCH' },
                values: [{ value: { name: infoType, id: infoType } }],
              },
            ],
          },
        },
      }
    : undefined;
  return { type: 'IntentRequest', dialogState: 'COMPLETED', intent: { name, confirmationStatus: 'NONE', slots } };
}

/** One session of turns, carrying session attributes from answer to request as Alexa does; returns what was said. */
async function session(handler, token, requests) {
  const sessionId = `amzn1.echo-api.session.${randomUUID()}`;
  let attributes = {};
  const said = [];
  for (const [i, request] of requests.entries()) {
    const answer = await handler(envelope(request, { token, attributes, isNew: i === 0, sessionId }), {
      functionName: 'code-cache-training',
      awsRequestId: randomUUID(),
    });
    attributes = (answer && answer.sessionAttributes) || {};
    said.push(answer?.response?.outputSpeech?.ssml ?? '');
  }
  return said;
}

async function main(dir) {
  const cognito = await startCognitoStandIn();
  const url = `http://127.0.0.1:${cognito.address().port}`;
  Object.assign(process.env, {
    LOG_LEVEL: 'silent',
    SKILL_ID: SKILL,
    COGNITO_REGION: REGION,
    COGNITO_USER_POOL_ID: POOL,
    COGNITO_APP_CLIENT_ID: CLIENT,
    COGNITO_API_ENDPOINT: url,
    // GetUser needs no AWS credentials (the shipped chunk has no credential chain); a build with the
    // SDK's chain (`sdkStubs: false`) must not find this machine's.
    AWS_ACCESS_KEY_ID: 'unused',
    AWS_SECRET_ACCESS_KEY: 'unused',
  });
  // The bundle finds the pool's keys next to it, as a deploy ships them (no JWKS download).
  writeFileSync(join(dir, 'jwks.json'), JSON.stringify(jwks));
  const lambda = require(join(dir, 'index.js'));
  const handler = lambda.handler;
  // What a new container meets first. Kept short on purpose: V8 drops the bytecode of functions
  // that have not run for a few garbage collections (the start-up code), and a long run would
  // leave exactly those out of the cache.
  await session(handler, undefined, [{ type: 'LaunchRequest' }]);
  const [greeting] = await session(handler, accessToken(), [{ type: 'LaunchRequest' }]);
  // A cache of a broken linked path (a bundle whose GetUser fails) would be worse than none.
  if (!greeting.includes(USER_NAME) || getUserCalls === 0) {
    throw new Error(`the linked launch did not reach GetUser and greet the user: ${greeting}`);
  }
  await session(handler, accessToken(), [intent('RequestInfoIntent', 'emailAddress')]);
  await session(handler, accessToken({ client_id: 'someone-else' }), [intent('AMAZON.HelpIntent')]);
  const caches = lambda.codeCache.create();
  for (const [name, cache] of Object.entries(caches)) writeFileSync(join(dir, `${name}.cache`), cache);
  rmSync(join(dir, 'jwks.json'));
  cognito.close();
  process.stdout.write(JSON.stringify(Object.keys(caches)) + '\n');
}

main(process.argv[2]).then(
  () => process.exit(0), // the SDK's keep-alive sockets would hold the process open
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
