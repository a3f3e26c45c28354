const { run } = await import('/work/main/extension/cli/commands/eval.ts');
const files = ['BC5CDR/devel.tsv', 'BioNLP13CG/devel.tsv', 'sciie/dev.conll', 'NCBI-disease/devel.tsv', 'BC2GM/devel.tsv', 'linnaeus/devel.tsv', 'JNLPBA/devel.tsv'];
const out: Record<string, unknown> = {};
for (const f of files) {
  let buf = '';
  const code = await run(['ner', '--model', 'builtin', '--data', `/work/shared/datasets/ner/${f}`, '--json'], { stdout: { write: (s: string) => (buf += s) }, stderr: process.stderr });
  if (code !== 0) throw new Error(f);
  const r = JSON.parse(buf);
  delete r.data;
  out[f.split('/')[0]] = r;
  console.log(f, (100 * r.micro.f1).toFixed(2));
}
process.stdout.write('');
(await import('node:fs')).writeFileSync(process.argv[2], JSON.stringify(out, null, 1));
