/** The Apache documentation's example request as a Kinesis Agent LOGTOJSON record (specs only). */
export const AGENT_RECORD = {
  host: '10.0.0.7',
  ident: null,
  authuser: 'frank',
  datetime: '10/Oct/2000:13:55:36 -0700',
  request: 'GET /apache_pb.gif HTTP/1.0',
  response: '200',
  bytes: '2326',
  referer: 'http://www.example.com/start.html',
  agent: 'Mozilla/4.08 [en] (Win98; I ;Nav)',
};
