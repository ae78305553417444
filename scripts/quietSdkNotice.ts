/**
 * Imported first by the project's commands: on Node 20 the AWS SDK v3 prints eight lines saying its
 * releases from 2027 need Node 22, on every run, and the benchmark's seed-style peer loads the AWS
 * SDK v2, which prints six lines on its end of support. docs/deploy.md says the first once; the
 * commands stay quiet, through each SDK's own switch (Node's --disable-warning cannot name them:
 * they are plain Warnings).
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE ??= '1';
