/**
 * `npm run identity:add-user -- --username carol --password 'Carol-Demo-1!' --email carol@example.com --name "Carol Diaz"`
 * Adds a confirmed user to the running local pool the way an operator would in AWS: AdminCreateUser
 * (no invitation), then AdminSetUserPassword with Permanent. Uses the real AWS SDK against
 * IDENTITY_URL (default http://127.0.0.1:9339) with dummy credentials (the local service does not check SigV4).
 */
import { parseArgs } from 'node:util';
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';

const { values } = parseArgs({
  options: {
    username: { type: 'string' },
    password: { type: 'string' },
    email: { type: 'string' },
    name: { type: 'string' },
    url: { type: 'string' },
    'user-pool-id': { type: 'string' },
  },
});

async function main(): Promise<void> {
  const { username, password, email, name } = values;
  if (!username || !password) {
    throw new Error(
      'usage: npm run identity:add-user -- --username NAME --password PASSWORD [--email E] [--name "Full Name"]',
    );
  }
  const userPoolId = values['user-pool-id'] ?? 'us-east-1_LocalPool';
  // The SDK's Node 22 notice is noise for a one-shot local tool (the project runs on Node 20).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const client = new CognitoIdentityProviderClient({
    region: 'us-east-1',
    endpoint: values.url ?? process.env.IDENTITY_URL ?? 'http://127.0.0.1:9339',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const attributes = [
    ...(email
      ? [
          { Name: 'email', Value: email },
          { Name: 'email_verified', Value: 'true' },
        ]
      : []),
    ...(name ? [{ Name: 'name', Value: name }] : []),
  ];
  try {
    await client.send(
      new AdminCreateUserCommand({
        UserPoolId: userPoolId,
        Username: username,
        UserAttributes: attributes,
        // Checked against the password policy before the user exists, so a weak password creates nobody.
        TemporaryPassword: password,
        MessageAction: 'SUPPRESS',
      }),
    );
    await client.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: userPoolId,
        Username: username,
        Password: password,
        Permanent: true,
      }),
    );
    console.log(`Added user ${username} to ${userPoolId}; they can sign in at the Hosted UI now.`);
  } finally {
    client.destroy();
  }
}

main().catch((error) => {
  const name = error instanceof Error ? error.name : 'Error';
  console.error(`identity:add-user failed: ${name}: ${error instanceof Error ? error.message : String(error)}`);
  if (error instanceof Error && /ECONNREFUSED|fetch failed/.test(String(error.message) + String(error.cause ?? ''))) {
    console.error('Is the identity service running? Start it with `npm run identity`.');
  }
  process.exit(1);
});
