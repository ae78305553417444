// The part of the AWS SDK the skill uses, in a module of its own: cognitoUserClient.ts imports it
// on the first GetUser, and the Lambda build (scripts/bundle.js) makes it a file of its own, so a
// cold start that needs no GetUser neither reads nor compiles the SDK.
export { CognitoIdentityProviderClient, GetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
