// Validates Kubernetes objects against the Kubernetes (and prometheus-operator) schemas of npm's
// kubernetes-models. Reads a JSON array of objects on stdin; prints one line per invalid object
// and exits 1 when any is invalid, 2 when a kind has no schema.
const input = JSON.parse(await new Promise((resolve) => {
  let s = '';
  process.stdin.on('data', (d) => (s += d)).on('end', () => resolve(s));
}));
let failed = 0;
let unknown = 0;
for (const obj of input) {
  const [group, version] = obj.apiVersion.includes('/') ? obj.apiVersion.split('/') : ['', obj.apiVersion];
  const module = group === 'monitoring.coreos.com'
    ? `@kubernetes-models/prometheus-operator/${group}/${version}/${obj.kind}`
    : `kubernetes-models/${group ? group + '/' : ''}${version}/${obj.kind}`;
  let Model;
  try {
    Model = (await import(module))[obj.kind];
  } catch (e) {
    console.log(`NO SCHEMA ${obj.apiVersion} ${obj.kind}: ${e.message}`);
    unknown++;
    continue;
  }
  try {
    new Model(obj).validate();
    console.log(`valid ${obj.apiVersion} ${obj.kind} ${obj.metadata.name}`);
  } catch (e) {
    console.log(`INVALID ${obj.apiVersion} ${obj.kind} ${obj.metadata.name}: ${e.message}`);
    failed++;
  }
}
process.exit(failed ? 1 : unknown ? 2 : 0);
