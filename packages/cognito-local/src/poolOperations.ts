/**
 * What a deploy and `npm run doctor` read and change about a pool: DescribeUserPool, the app-client
 * operations (Create/Update/Describe/List/DeleteUserPoolClient) and the domain operations, answered in
 * Cognito's shapes. The local pool has one prefix domain (seed.json's `domain`), served by this service
 * at its own address: DescribeUserPoolDomain names that address (host:port) as CloudFrontDistribution.
 */
import { ApiInput, checkUserPool, clientOf, failed, optional, requiredString } from './apiInput';
import { AppClient, describeClient, epochSeconds, newClient, STANDARD_ATTRIBUTES, updatedClient } from './appClients';
import { InvalidParameterException } from './errors';
import type { ServiceContext } from './index';

/** The account id of everything local, as in ARNs. */
const ACCOUNT = '000000000000';
const DOMAIN_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export async function describeUserPool(input: ApiInput, { store, accessTokenClaims }: ServiceContext) {
  checkUserPool(store, input);
  const { region, userPoolId: Id, name: Name, usernameAttributes, domain, createdAt, updatedAt } = store.pool;
  // Access-token claims stand for a pre token generation trigger (event version 2), so the pool says it has one.
  const LambdaArn = `arn:aws:lambda:${region}:${ACCOUNT}:function:cognito-local-access-token-claims`;
  const LambdaConfig = accessTokenClaims ? { PreTokenGenerationConfig: { LambdaVersion: 'V2_0', LambdaArn } } : {};
  const PasswordPolicy = { MinimumLength: 8, RequireUppercase: true, RequireLowercase: true, RequireNumbers: true };
  return {
    UserPool: {
      Id,
      Name,
      Arn: `arn:aws:cognito-idp:${region}:${ACCOUNT}:userpool/${Id}`,
      Policies: { PasswordPolicy: { ...PasswordPolicy, RequireSymbols: true, TemporaryPasswordValidityDays: 7 } },
      LambdaConfig,
      CreationDate: epochSeconds(createdAt),
      LastModifiedDate: epochSeconds(updatedAt),
      SchemaAttributes: schemaAttributes(),
      ...(usernameAttributes.length > 0 ? { UsernameAttributes: usernameAttributes } : {}),
      UsernameConfiguration: { CaseSensitive: false },
      EstimatedNumberOfUsers: store.pool.users.length,
      ...(domain ? { Domain: domain.name } : {}),
      UserPoolTier: 'ESSENTIALS',
    },
  };
}

const clientView = (client: AppClient, context: ServiceContext) => ({
  UserPoolClient: describeClient(client, context.store.pool.userPoolId, context.redirectUrisOf(client)),
});

export async function createUserPoolClient(input: ApiInput, context: ServiceContext) {
  checkUserPool(context.store, input);
  const client = newClient(input, Date.now());
  context.store.putClient(client);
  return clientView(client, context);
}

export async function updateUserPoolClient(input: ApiInput, context: ServiceContext) {
  checkUserPool(context.store, input);
  const client = updatedClient(clientOf(context.store, requiredString(input, 'ClientId')), input, Date.now());
  context.store.putClient(client);
  return clientView(client, context);
}

export async function describeUserPoolClient(input: ApiInput, context: ServiceContext) {
  checkUserPool(context.store, input);
  return clientView(clientOf(context.store, requiredString(input, 'ClientId')), context);
}

export async function listUserPoolClients(input: ApiInput, { store }: ServiceContext) {
  checkUserPool(store, input);
  // Pages of MaxResults (at most 60); NextToken is where the next page starts.
  const start = Number(input.NextToken ?? 0) || 0;
  const end = start + Math.min(optional(input, 'MaxResults', 'number') ?? 60, 60);
  const UserPoolId = store.pool.userPoolId;
  const UserPoolClients = store.pool.clients
    .slice(start, end)
    .map(({ ClientId, ClientName }) => ({ ClientId, UserPoolId, ClientName }));
  return { UserPoolClients, NextToken: end < store.pool.clients.length ? String(end) : undefined };
}

export async function deleteUserPoolClient(input: ApiInput, { store }: ServiceContext) {
  checkUserPool(store, input);
  store.deleteClient(clientOf(store, requiredString(input, 'ClientId')).ClientId);
  return {};
}

/** Cognito answers a domain it does not know with an empty DomainDescription, not an error. */
export async function describeUserPoolDomain(input: ApiInput, { store, baseUrl }: ServiceContext) {
  const domain = store.pool.domain;
  if (!domain || domain.name !== requiredString(input, 'Domain')) return { DomainDescription: {} };
  return {
    DomainDescription: {
      UserPoolId: store.pool.userPoolId,
      AWSAccountId: ACCOUNT,
      Domain: domain.name,
      CloudFrontDistribution: new URL(baseUrl).host,
      Version: String(epochSeconds(store.pool.createdAt)),
      Status: 'ACTIVE',
      ManagedLoginVersion: domain.managedLoginVersion,
    },
  };
}

export async function createUserPoolDomain(input: ApiInput, { store, baseUrl }: ServiceContext) {
  checkUserPool(store, input);
  const name = requiredString(input, 'Domain');
  if (!DOMAIN_PATTERN.test(name))
    throw failed(name, 'Domain', `Member must satisfy regular expression pattern: ${DOMAIN_PATTERN.source}`);
  if (input.CustomDomainConfig) throw new InvalidParameterException('Custom domains are not served locally.');
  if (store.pool.domain) throw new InvalidParameterException('User pool already has a domain configured.');
  // 1: the hosted UI (classic), 2: managed login.
  const managedLoginVersion = Number(optional(input, 'ManagedLoginVersion', 'number', [1, 2]) ?? 1);
  store.setDomain({ name, managedLoginVersion });
  return { CloudFrontDomain: new URL(baseUrl).host, ManagedLoginVersion: managedLoginVersion };
}

/** Without a domain the Hosted UI and /oauth2/* answer 404, as a pool without a domain has none. */
export async function deleteUserPoolDomain(input: ApiInput, { store }: ServiceContext) {
  checkUserPool(store, input);
  const name = requiredString(input, 'Domain');
  if (store.pool.domain?.name !== name) throw new InvalidParameterException('No such domain or user pool exists.');
  store.setDomain(undefined);
  return {};
}

/** SchemaAttributes of DescribeUserPool: the standard attributes with Cognito's types and constraints. */
function schemaAttributes() {
  return STANDARD_ATTRIBUTES.map((Name) => {
    const type = Name.endsWith('_verified') ? 'Boolean' : Name === 'updated_at' ? 'Number' : 'String';
    const [min, max] = Name === 'sub' ? ['1', '2048'] : Name === 'birthdate' ? ['10', '10'] : ['0', '2048'];
    return {
      Name,
      AttributeDataType: type,
      DeveloperOnlyAttribute: false,
      Mutable: Name !== 'sub',
      Required: Name === 'sub',
      ...(type === 'String' ? { StringAttributeConstraints: { MinLength: min, MaxLength: max } } : {}),
      ...(type === 'Number' ? { NumberAttributeConstraints: { MinValue: '0' } } : {}),
    };
  });
}
