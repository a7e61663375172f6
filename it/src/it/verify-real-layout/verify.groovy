// A project laid out like the reference repository: verify reports exactly the planted
// violations, grouped by rule in rule order, and nothing else (no finding among the many
// public values of config/environments/*.env, the $VAR and ${{ secrets.X }} references in
// docs, workflows and the devcontainer, the REACT_APP_* values, or the shared core app).
def log = new File(basedir, 'build.log').text
def found = (log =~ /(?m)^\[ERROR\] (\S+:\d+: \[[a-z-]+\])/).collect { it[1] }
def expected = [
    '.devcontainer/setup.sh:6: [tenancy-schema-code]',
    'backend/scripts/setup_env.sh:6: [tenancy-schema-code]',
    'backend/tenant_apps/suppliers/models.py:14: [tenancy-model-fk]',
    'backend/apps/core/models.py:27: [tenancy-unique]',
    'backend/tenant_apps/customers/models.py:12: [tenancy-fk-tenant]',
    'config/environments/development.env:19: [hardcoded-secret]',
]
assert found == expected : "expected ${expected}\nbut found ${found}"
assert log =~ /golden:verify: 6 violations \(\d+ rules, /
assert log.contains('model SupplierAudit in tenant app \'suppliers\' has no tenant ForeignKey, neither itself nor in a base class')
assert log.contains('CodedModel.code is unique=True across all tenants (inherited by tenant model Product)')
assert log.contains('DEVELOPMENT_SUPERUSER_PASSWORD is assigned a literal value')
assert !log.contains('Dev7Admin!q2Zr9Lp') : 'the committed password itself is never printed'
assert log.contains('BUILD FAILURE')
assert !log.contains('failed unexpectedly') : 'a violation is a user error, not a crash'
return true
