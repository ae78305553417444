/**
 * The skill's configuration (src/config.ts, loadSkillConfig): defaults, environment overrides, and
 * a clear ConfigError naming the setting for every value it cannot use.
 */
import { describe, expect, test } from '@jest/globals';
import { localSkillConfig } from '../../deploy/settings';
import { ConfigError, loadSkillConfig } from '../../src/config';
import { PROFILE_ATTRIBUTES } from '../../src/profileFields';

const PROD_ENV = {
  SKILL_ID: 'amzn1.ask.skill.11111111-1111-4111-8111-111111111111',
  COGNITO_USER_POOL_ID: 'us-east-1_AbCdEf123',
  COGNITO_APP_CLIENT_ID: 'abcdefghijklmnopqrstuvwxyz',
  // Lambda sets it for every function; the pool's region defaults to the function's.
  AWS_REGION: 'us-east-1',
};

function errorOf(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a ConfigError, got none');
}

describe('the dev stage', () => {
  test('runs from app.json alone, with the documented defaults', () => {
    const config = localSkillConfig({});
    expect(config).toMatchObject({
      stage: 'dev',
      skillId: 'amzn1.ask.skill.00000000-0000-4000-8000-000000000000',
      verifyAlexaRequests: false,
      logLevel: 'warn',
      cognito: {
        userPoolId: 'us-east-1_LocalPool',
        appClientId: 'localskillclient0000000001',
        timeBudgetMs: 2500,
        userCacheMaxEntries: 1000,
        recheckAfterMs: 300_000,
        profileClaims: undefined,
      },
    });
  });

  test('takes overrides from the environment', () => {
    const config = localSkillConfig({
      COGNITO_API_ENDPOINT: 'http://127.0.0.1:1234',
      COGNITO_TIME_BUDGET_MS: '1500',
      USER_CACHE_MAX_ENTRIES: '10',
      COGNITO_RECHECK_AFTER_S: '1',
      ALEXA_VERIFY_REQUESTS: 'true',
      LOG_LEVEL: 'debug',
    });
    expect(config).toMatchObject({
      verifyAlexaRequests: true,
      logLevel: 'debug',
      cognito: {
        apiEndpoint: 'http://127.0.0.1:1234',
        timeBudgetMs: 1500,
        userCacheMaxEntries: 10,
        recheckAfterMs: 1000,
      },
    });
  });
});

describe('the prod stage', () => {
  test('takes the pool, client and skill id the stack sets, verifies requests and logs at info', () => {
    const config = loadSkillConfig('prod', PROD_ENV);
    expect(config).toMatchObject({
      stage: 'prod',
      skillId: PROD_ENV.SKILL_ID,
      verifyAlexaRequests: true,
      logLevel: 'info',
      cognito: { userPoolId: PROD_ENV.COGNITO_USER_POOL_ID, appClientId: PROD_ENV.COGNITO_APP_CLIENT_ID },
    });
    expect(config.cognito.apiEndpoint).toBeUndefined();
  });

  test('names every missing setting at once', () => {
    const error = errorOf(() => loadSkillConfig('prod', {}));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.name).toBe('ConfigError');
    expect(error.message).toBe(
      'stage "prod" needs SKILL_ID, COGNITO_REGION, COGNITO_USER_POOL_ID, COGNITO_APP_CLIENT_ID (the stack sets them on the function)',
    );
  });

  test.each(['false', '0'])('refuses to switch request verification off (ALEXA_VERIFY_REQUESTS=%s)', (value) => {
    expect(errorOf(() => loadSkillConfig('prod', { ...PROD_ENV, ALEXA_VERIFY_REQUESTS: value })).message).toBe(
      'Alexa request verification cannot be switched off in the prod stage',
    );
  });
});

describe('a value the skill cannot use is refused with a message naming it', () => {
  test.each([
    [{ COGNITO_TIME_BUDGET_MS: 'fast' }, 'COGNITO_TIME_BUDGET_MS must be a positive number, got "fast"'],
    [{ COGNITO_TIME_BUDGET_MS: '0' }, 'COGNITO_TIME_BUDGET_MS must be a positive number, got "0"'],
    [{ USER_CACHE_MAX_ENTRIES: '-5' }, 'USER_CACHE_MAX_ENTRIES must be a positive number, got "-5"'],
    [{ COGNITO_RECHECK_AFTER_S: 'Infinity' }, 'COGNITO_RECHECK_AFTER_S must be a positive number, got "Infinity"'],
    [{ ALEXA_VERIFY_REQUESTS: 'yes' }, 'ALEXA_VERIFY_REQUESTS must be true or false, got "yes"'],
    [{ LOG_LEVEL: 'verbose' }, 'LOG_LEVEL must be one of debug, info, warn, error, silent'],
  ])('%j', (env, message) => {
    const error = errorOf(() => localSkillConfig(env));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe(message);
  });
});

describe('COGNITO_PROFILE_CLAIMS (profile attributes from the access token)', () => {
  test.each([
    ['email,name', { email: 'email', name: 'name' }],
    [' email = custom:mail , name ', { email: 'custom:mail', name: 'name' }],
    ['preferred_username', { preferred_username: 'preferred_username' }],
    ['', undefined],
  ])('"%s" reads as %j', (value, claims) => {
    expect(localSkillConfig({ COGNITO_PROFILE_CLAIMS: value }).cognito.profileClaims).toEqual(claims);
  });

  test.each([
    ['nickname', 'nickname'],
    ['email,', ''],
    ['email=1mail', 'email=1mail'],
    ['email=a=b', 'email=a=b'],
    ['name=na me', 'name=na me'],
  ])('"%s" is refused, naming "%s" and the attributes the skill reads', (value, entry) => {
    const message = errorOf(() => localSkillConfig({ COGNITO_PROFILE_CLAIMS: value })).message;
    expect(message).toBe(
      `COGNITO_PROFILE_CLAIMS: "${entry}" is not attribute or attribute=claim, for an attribute the skill reads (${PROFILE_ATTRIBUTES.join(', ')})`,
    );
  });
});

describe('metrics (Powertools)', () => {
  test('namespace ProfileKeeper and Powertools’ default service unless the environment names them', () => {
    expect(localSkillConfig({}).metrics).toEqual({ namespace: 'ProfileKeeper', serviceName: undefined });
    expect(
      localSkillConfig({ POWERTOOLS_METRICS_NAMESPACE: 'Skills', POWERTOOLS_SERVICE_NAME: 'profile-keeper' }).metrics,
    ).toEqual({ namespace: 'Skills', serviceName: 'profile-keeper' });
  });
});
