#!/usr/bin/env python3
"""Sums the counters of every .trx file under a folder; prints 'N passed, N failed[, N skipped]'.
Exit 1 when anything failed or nothing ran. Failed tests are listed on stderr first."""
import sys, pathlib, xml.etree.ElementTree as ET
ns = {'t': 'http://microsoft.com/schemas/VisualStudio/TeamTest/2010'}
passed = failed = skipped = 0
for trx in sorted(pathlib.Path(sys.argv[1]).rglob('*.trx')):
    root = ET.parse(trx).getroot()
    for r in root.iterfind('.//t:UnitTestResult', ns):
        outcome = r.get('outcome')
        if outcome == 'Passed': passed += 1
        elif outcome in ('NotExecuted', 'Inconclusive'): skipped += 1
        else:
            failed += 1
            msg = r.find('.//t:Message', ns)
            print(f"FAILED {r.get('testName')}: {(msg.text or '').strip().splitlines()[0] if msg is not None and msg.text else ''}", file=sys.stderr)
line = f'{passed} passed, {failed} failed' + (f', {skipped} skipped' if skipped else '')
print(line)
sys.exit(1 if failed or passed == 0 else 0)
