// Validates CycloneDX JSON documents with the CycloneDX project's own library (strict JSON schema validation).
// Usage: node cyclonedx.mjs SPEC_VERSION FILE   (SPEC_VERSION: 1.4, 1.5 or 1.6)
// Exit 0 and no output when the document is valid; exit 1 with the validator's errors as JSON when it is not.
import { Validation, Spec } from '@cyclonedx/cyclonedx-library'
import { readFileSync } from 'node:fs'

const [version, file] = process.argv.slice(2)
const spec = { '1.4': Spec.Version.v1dot4, '1.5': Spec.Version.v1dot5, '1.6': Spec.Version.v1dot6 }[version]
if (!spec || !file) {
  console.error('usage: node cyclonedx.mjs 1.4|1.5|1.6 FILE')
  process.exit(2)
}
const errors = await new Validation.JsonStrictValidator(spec).validate(readFileSync(file, 'utf8'))
if (errors !== null) {
  console.log(JSON.stringify(errors, null, 2))
  process.exit(1)
}
