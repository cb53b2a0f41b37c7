import { createApp } from '../src/app';
import { directRunContext } from '../src/direct-run';

// Under the CDK CLI, context and output directory come from the CLI's environment. Run directly
// (the nx synth target), the app reads cdk.json itself and writes the assembly to ./cdk.out.
const underCli =
  process.env['CDK_CONTEXT_JSON'] !== undefined || process.env['CDK_OUTDIR'] !== undefined;
const { app, stack } = createApp({
  appProps: underCli
    ? {}
    : { outdir: 'cdk.out', context: directRunContext(process.cwd(), process.argv.slice(2)) },
});
app.synth();
if (!underCli) {
  console.log(
    `Synthesized ${stack.stackName} to cdk.out (cdk-nag AwsSolutions and Control Tower checks passed)`,
  );
}
