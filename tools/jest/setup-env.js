// Node 20 is supported here until the AWS SDK drops it (Jan 2027); its one-off notice about that
// would otherwise repeat in every test file's output and bury real warnings.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
