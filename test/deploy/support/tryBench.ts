import { startDeployBench } from './deployBench';
(async () => {
  const bench = await startDeployBench();
  console.log('cognitoFaked', bench.cognitoFaked, 'project', bench.project);
  for (const args of process.argv.slice(2)) {
    const r = await bench.deploy(args.split(' '));
    console.log(`=== ${args} -> ${r.code} in ${r.ms} ms\n${r.stdout}\n--- stderr\n${r.stderr}`);
  }
  console.log(JSON.stringify(bench.account().writes));
  console.log(JSON.stringify(bench.smapi.requests.map((r) => r.operation)));
  console.log(require('node:fs').readFileSync(bench.fakeDir + '/command-lines.log', 'utf8'));
  await bench.close();
})();
