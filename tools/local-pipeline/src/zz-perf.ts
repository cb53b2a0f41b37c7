import { replayAccessLog } from './replay';
(async () => {
  const shards = Number(process.argv[2]);
  const recordBytes = Number(process.argv[3] ?? 262144);
  const recordsPerInvocation = Number(process.argv[4] ?? 16);
  const t = Date.now();
  const s = await replayAccessLog({
    accessLogs: ['/tmp/zz/1m.log'],
    referenceCsv: '/tmp/zz/map.csv',
    outDir: '/tmp/zz/out' + shards,
    shards,
    recordBytes,
    recordsPerInvocation,
    logLevel: 'SILENT',
  });
  const ru = process.resourceUsage();
  console.log(
    'shards',
    shards,
    'ms',
    Date.now() - t,
    'lines',
    s.lines,
    'user',
    ru.userCPUTime / 1e6,
    'maxrss MB',
    ru.maxRSS / 1024,
  );
})();
