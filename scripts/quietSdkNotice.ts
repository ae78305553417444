/**
 * Imported first by the project's commands: on Node 20 the AWS SDK v3 prints eight lines saying its
 * releases from 2027 need Node 22, on every run. docs/deploy.md says it once; the commands stay quiet,
 * through the SDK's own switch (Node's --disable-warning cannot name it: it is a plain Warning).
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
