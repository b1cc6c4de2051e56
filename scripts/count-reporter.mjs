// A node:test reporter that counts leaf tests and writes {passed, failed, skipped} as JSON.
export default async function* countReporter(source) {
  const c = { passed: 0, failed: 0, skipped: 0 };
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    if (event.data.details?.type === 'suite') continue;
    if (event.data.skip || event.data.todo) c.skipped++;
    else if (event.type === 'test:pass') c.passed++;
    else c.failed++;
  }
  yield JSON.stringify(c);
}
