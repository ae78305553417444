/**
 * What the doctor found, one line per finding: a named check that fits (✓), does not fit (✗, with a
 * second line saying how to fix it), a note that is no failure (ℹ), or a check it could not make (–).
 */
export type Finding = { check: string; status: 'pass' | 'fail' | 'note' | 'skip'; text: string; fix?: string };

const finding = (status: Finding['status']) => (check: string, text: string) => ({ check, status, text }) as Finding;
export const [pass, note, skip] = [finding('pass'), finding('note'), finding('skip')];
export const fail = (check: string, text: string, fix: string): Finding => ({ check, status: 'fail', text, fix });
/** `problem` when there is one (then `fix` says what to do), else `fits` says what was found. */
export const check = (name: string, problem: string | false, fits: string, fix: string): Finding =>
  problem ? fail(name, problem, fix) : pass(name, fits);

const SYMBOL = { pass: '✓', fail: '✗', note: 'ℹ', skip: '–' };
export const fits = (findings: Finding[]) => findings.every((finding) => finding.status !== 'fail');

export function formatReport(findings: Finding[]): string {
  const lines = findings.map((f) => `${SYMBOL[f.status]} ${f.check}: ${f.text}${f.fix ? `\n  Fix: ${f.fix}` : ''}`);
  const failures = findings.filter((finding) => finding.status === 'fail').length;
  const verdict = `${failures} problem${failures === 1 ? '' : 's'} to fix: until then, account linking fails.`;
  return `${lines.join('\n')}\n\n${failures ? verdict : 'Everything checked fits together.'}`;
}
