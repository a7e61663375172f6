// Exactly the five seeded violations, one line each, grouped by rule in rule order.
def log = new File(basedir, 'build.log').text
def found = (log =~ /(?m)^\[ERROR\] (\S+:\d+: \[[a-z-]+\])/).collect { it[1] }
def expected = [
    'backend/requirements.txt:3: [tenancy-packages]',
    'backend/apps/customers/models.py:14: [tenancy-model-fk]',
    'backend/Dockerfile:6: [migrate-at-startup]',
    '.env.example:5: [env-file-values]',
    'pom.xml:26: [parent-bindings]',
]
assert found == expected : "expected ${expected}\nbut found ${found}"
assert log.contains('golden:verify: 5 violations (16 rules, ')
assert log.contains('(fix: remove the package; tenancy is a tenant ForeignKey filtered by request.tenant)')
assert log.contains('BUILD FAILURE')
assert !log.contains('failed unexpectedly') : 'a violation is a user error, not a crash'
return true
