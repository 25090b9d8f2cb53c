// Validates a CSAF 2.0 document with the BSI's csaf-validator-lib: the strict JSON schema and every mandatory test
// (section 6.1); the optional tests (6.2) are reported as warnings, not failures.
// Usage: node csaf.mjs FILE
// Exit 0 when the schema and all mandatory tests pass (optional findings printed on stderr); exit 1 with the failures as JSON.
import validateStrict from '@secvisogram/csaf-validator-lib/validateStrict.js'
import * as mandatory from '@secvisogram/csaf-validator-lib/mandatoryTests.js'
import * as optional from '@secvisogram/csaf-validator-lib/optionalTests.js'
import { csaf_2_0_strict } from '@secvisogram/csaf-validator-lib/schemaTests.js'
import { readFileSync } from 'node:fs'

const file = process.argv[2]
if (!file) {
  console.error('usage: node csaf.mjs FILE')
  process.exit(2)
}
const document = JSON.parse(readFileSync(file, 'utf8'))
const required = await validateStrict([csaf_2_0_strict, ...Object.values(mandatory)], document)
const advice = await validateStrict(Object.values(optional), document)
const notes = advice.tests.filter(t => t.warnings.length > 0 || t.errors.length > 0).map(t => ({ test: t.name, warnings: t.warnings, errors: t.errors }))
if (notes.length > 0) {
  console.error(JSON.stringify(notes))
}
if (!required.isValid) {
  console.log(JSON.stringify(required.tests.filter(t => !t.isValid).map(t => ({ test: t.name, errors: t.errors })), null, 2))
  process.exit(1)
}
